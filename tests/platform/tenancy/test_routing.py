"""Routing by host: the national site, each municipality's site, and clear refusals."""

from django.db import connection

from tenants.municipalities.models import Lifecycle
from tenants.municipalities.provisioning import set_lifecycle
from tests.factories import site_client


def test_national_site_answers_on_the_base_domain(db, settings):
    settings.SITE_PORT = ""  # links carry the configured public port, here none
    response = site_client().get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kommuner som er med" in html
    assert 'href="http://trondheim.localhost/"' in html


def test_municipality_site_shows_its_own_name_and_runs_in_its_schema(trondheim):
    response = site_client("trondheim").get("/")
    assert response.status_code == 200
    assert "Fritt brukervalg i Trondheim kommune" in response.content.decode()
    assert response.wsgi_request.tenant == trondheim
    assert connection.schema_name == "k5001"


def test_each_site_gets_its_own_municipality(bergen, trondheim):
    bergen_html = site_client("bergen").get("/").content.decode()
    assert "Bergen kommune" in bergen_html and "Trondheim kommune" not in bergen_html


def test_unknown_host_gets_a_norwegian_page_not_a_stack_trace(db):
    response = site_client("finnesikke").get("/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Vi finner ikke denne adressen" in html
    assert "finnesikke.localhost" in html
    assert "Traceback" not in html


def test_unprovisioned_municipality_gets_its_own_clear_page(db):
    response = site_client("bodo").get("/")
    assert response.status_code == 404
    assert "Bodø kommune er ikke med på Fritt brukervalg ennå" in response.content.decode()


def test_host_outside_the_platform_is_refused_politely(db):
    from django.test import Client

    response = Client(HTTP_HOST="evil.example").get("/")
    assert response.status_code == 400
    assert "Adressen hører ikke til Fritt brukervalg" in response.content.decode()


def test_suspended_municipality_is_read_only_with_a_banner(ulvik):
    set_lifecycle(municipality=ulvik, lifecycle=Lifecycle.SUSPENDED)
    response = site_client("ulvik").get("/")
    assert response.status_code == 200
    assert "midlertidig skrivebeskyttet" in response.content.decode()
    refused = site_client("ulvik").post("/ansatt/brukere/", {"email": "x@example.no"})
    assert refused.status_code == 503
    assert "skrivebeskyttet" in refused.content.decode()


def test_unknown_path_is_a_norwegian_404(bergen):
    response = site_client("bergen").get("/finnes-ikke/")
    assert response.status_code == 404
    assert "Fant ikke siden" in response.content.decode()


def test_openapi_schema_and_offline_docs(db):
    schema = site_client().get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    assert "/api/v1/kommuner/" in schema.json()["paths"]
    docs = site_client().get("/api/docs/").content.decode()
    assert "swagger-ui" in docs
    assert "cdn" not in docs.lower() and "https://" not in docs

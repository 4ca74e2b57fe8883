"""Open data on the national site: versions that follow the approved suppliers, the supplier
register, the licence, CORS and ETags, and a feed with stable, distinct ids."""

import xml.etree.ElementTree as ET

import pytest
from django_tenants.utils import tenant_context

from public_site.announcements.models import Announcement
from public_site.announcements.projection import project_approved_supplier
from public_site.applying import services as apply_once
from public_site.applying.projection import project_application
from tenants.applications import services
from tenants.applications.models import Application
from tenants.applications.services import PartRequest
from tests.factories import COMMON, approve, assess_all, site_client

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def approval(
    media, supplier, supplier_admin, bergen, officer_bergen, bergen_announcement, firmaattest
):
    """The supplier applied once and Bergen's officer granted the approval (the real flow)."""
    apply_once.submit_envelope(
        supplier=supplier, by=supplier_admin, common_answers=COMMON,
        parts=[(bergen_announcement, PartRequest(scheme_id=0, document_ids=[firmaattest.pk]))],
    )  # fmt: skip
    with tenant_context(bergen):
        application = Application.objects.get()
        assess_all(application, officer_bergen)
        return services.approve(application=application, by=officer_bergen)


def _entry(announcement: Announcement) -> ET.Element:
    root = ET.fromstring(site_client().get("/kunngjoringer/feed/").content)
    (entry,) = [
        e for e in root.findall(f"{ATOM}entry")
        if e.find(f"{ATOM}id").text.endswith(f"kunngjoring/{announcement.pk}")
    ]  # fmt: skip
    return entry


def test_version_and_updated_follow_the_approved_suppliers(
    approval, bergen, officer_bergen, bergen_announcement, supplier
):
    seen = []

    def snapshot():
        a = site_client().get(f"/api/v1/kunngjoringer/{bergen_announcement.pk}/").json()
        entry = _entry(bergen_announcement)
        seen.append((a["version"], a["last_changed_at"], entry.find(f"{ATOM}updated").text))
        return a

    granted = snapshot()
    assert granted["approved_suppliers"] == [{"orgnr": supplier.orgnr, "name": supplier.name}]
    with tenant_context(bergen):
        services.suspend_approval(approval=approval, by=officer_bergen, reasons="Tilsyn.")
    assert snapshot()["approved_suppliers"] == []
    with tenant_context(bergen):
        services.reinstate_approval(approval=approval, by=officer_bergen)
    assert len(snapshot()["approved_suppliers"]) == 1
    with tenant_context(bergen):
        services.revoke_approval(approval=approval, by=officer_bergen, reasons="Brudd.")
    assert snapshot()["approved_suppliers"] == []
    # A second supplier, granted (the projection the approve service runs) and then ended.
    with tenant_context(bergen):
        other = approve(approval.scheme, "Omsorg Vest AS")
        project_application(application=other.application, municipality=bergen)
    assert len(snapshot()["approved_suppliers"]) == 1
    with tenant_context(bergen):
        services.end_approval(approval=other, by=officer_bergen, reasons="Avtalen sies opp.")
    assert snapshot()["approved_suppliers"] == []
    versions = [v for v, _at, _updated in seen]
    assert versions == list(range(versions[0], versions[0] + 6))
    changed = [at for _v, at, _updated in seen]
    assert changed == sorted(changed) and len(set(changed)) == 6
    updated = [u for _v, _at, u in seen]
    assert len(set(updated)) == 6
    # A projection that changes nothing (the same supplier still revoked) is no new version.
    with tenant_context(bergen):
        project_approved_supplier(
            host=bergen, scheme_id=approval.scheme_id, supplier_id=supplier.pk, active=False
        )
    bergen_announcement.refresh_from_db()
    assert bergen_announcement.version == versions[-1]


def test_a_scheme_change_after_a_supplier_change_keeps_counting(approval, bergen, officer_bergen):
    from tenants.schemes import services as scheme_services

    before = Announcement.objects.get()
    assert before.supplier_changes == 1
    with tenant_context(bergen):
        scheme = scheme_services.update_scheme(
            scheme=approval.scheme, by=officer_bergen, description="Ny beskrivelse."
        )
    after = Announcement.objects.get()
    assert after.version == scheme.version + 1 and after.version > before.version
    assert after.last_changed_at >= before.last_changed_at


def test_supplier_register_lists_where_each_supplier_is_approved(
    approval, supplier, bergen, eidfjord, ulvik
):
    response = site_client().get("/api/v1/leverandorer/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (row,) = body["results"]
    assert row["orgnr"] == supplier.orgnr and row["name"] == supplier.name
    (where,) = row["approved_in"]
    assert where["host"] == bergen.kommunenummer
    assert where["municipalities"] == [bergen.kommunenummer]
    assert where["service_type"] == "praktisk-bistand"
    assert site_client().get("/api/v1/leverandorer/", {"kommune": "bergen"}).json()["count"] == 1
    assert site_client().get("/api/v1/leverandorer/", {"kommune": "ulvik"}).json()["count"] == 0
    assert site_client().get("/api/v1/leverandorer/", {"tjeneste": "bpa"}).json()["count"] == 0
    refused = site_client().get("/api/v1/leverandorer/", {"tjeneste": "finnes-ikke"})
    assert refused.status_code == 400
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["code"] == "invalid_filter"
    # Paginated like the rest of the open API.
    assert site_client().get("/api/v1/leverandorer/", {"limit": "1"}).json()["results"]


def test_the_open_api_document_has_the_register_and_the_licence(db):
    document = site_client().get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert "NLOD" in document["info"]["license"]["name"]
    assert document["info"]["license"]["url"] == "https://data.norge.no/nlod/no/2.0"
    operation = document["paths"]["/api/v1/leverandorer/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"tjeneste", "kommune", "limit"}


def test_feed_ids_rights_author_and_one_feed_per_filter(bergen_announcement, settings):
    settings.OPEN_DATA_TAG_AUTHORITY = "frittbrukervalg.no,2026"
    all_feed = ET.fromstring(site_client().get("/kunngjoringer/feed/").content)
    bergen_feed = ET.fromstring(
        site_client().get("/kunngjoringer/feed/", {"kommune": "bergen", "status": "open"}).content
    )
    assert all_feed.find(f"{ATOM}id").text == "tag:frittbrukervalg.no,2026:kunngjoringer/feed"
    assert bergen_feed.find(f"{ATOM}id").text == (
        "tag:frittbrukervalg.no,2026:kunngjoringer/feed?kommune=bergen&status=open"
    )
    selves = [
        link.get("href")
        for feed in (all_feed, bergen_feed)
        for link in feed.findall(f"{ATOM}link")
        if link.get("rel") == "self"
    ]
    assert selves[0].endswith("/kunngjoringer/feed/")
    assert selves[1].endswith("/kunngjoringer/feed/?kommune=bergen&status=open")
    assert all_feed.find(f"{ATOM}author/{ATOM}name").text == "Fritt brukervalg"
    assert "NLOD" in all_feed.find(f"{ATOM}rights").text
    # The entry's id is a tag URI, the same on whichever host the feed was read.
    ids = {
        ET.fromstring(site_client().get("/kunngjoringer/feed/", HTTP_HOST=host).content)
        .find(f"{ATOM}entry/{ATOM}id")
        .text
        for host in ("localhost", "www.localhost")
    }
    assert ids == {f"tag:frittbrukervalg.no,2026:kunngjoring/{bergen_announcement.pk}"}


def test_feed_is_discoverable_from_the_home_and_search_pages(db):
    for path in ("/", "/kunngjoringer/?tjeneste=bpa"):
        html = site_client().get(path).content.decode()
        assert '<link rel="alternate" type="application/atom+xml"' in html
    assert (
        'href="/kunngjoringer/feed/?tjeneste=bpa"'
        in site_client().get("/kunngjoringer/?tjeneste=bpa").content.decode()
    )


def test_pages_state_the_licence(bergen_announcement):
    detail = f"/kunngjoringer/{bergen_announcement.pk}/"
    for path in ("/", "/kunngjoringer/", detail, "/apne-data/"):
        html = site_client().get(path).content.decode()
        assert 'rel="license" href="https://data.norge.no/nlod/no/2.0"' in html, path


@pytest.mark.parametrize(
    "path", ["/api/v1/kunngjoringer/", "/api/v1/leverandorer/", "/kunngjoringer/feed/"]
)
def test_open_api_and_feed_allow_any_origin_and_answer_304_when_unchanged(
    bergen_announcement, path
):
    first = site_client().get(path, HTTP_ORIGIN="https://example.org")
    assert first.status_code == 200
    assert first["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in first
    etag = first["ETag"]
    again = site_client().get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["Access-Control-Allow-Origin"] == "*"
    preflight = site_client().options(
        path, HTTP_ORIGIN="https://example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert site_client().get(path, HTTP_IF_NONE_MATCH='"stale"').status_code == 200


def test_cors_stays_off_the_municipal_api_and_the_pages(bergen_announcement):
    assert "Access-Control-Allow-Origin" not in site_client("bergen").get("/api/v1/mottakere/")
    assert "Access-Control-Allow-Origin" not in site_client().get("/kunngjoringer/")


def test_filter_values_that_name_nothing_are_refused_with_a_message(db, settings):
    page = site_client().get("/kunngjoringer/", {"fylke": "99"})
    html = page.content.decode()
    assert page.status_code == 400
    assert 'role="alert"' in html and "«fylke»" in html
    assert 'id="tjeneste"' in html  # the form is there to correct the search
    api = site_client().get("/api/v1/kunngjoringer/", {"status": "aapen"})
    assert api.status_code == 400
    assert api["Content-Type"] == "application/problem+json"
    assert api.json()["code"] == "invalid_filter" and "«status»" in api.json()["detail"]
    assert site_client().get("/kunngjoringer/feed/", {"sorter": "tilfeldig"}).status_code == 400
    too_long = site_client().get("/api/v1/kunngjoringer/", {"q": "x" * 201})
    assert too_long.json()["code"] == "query_too_long"
    english = site_client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    detail = english.get("/api/v1/kunngjoringer/", {"tjeneste": "nope"}).json()["detail"]
    assert detail.startswith("Invalid value for the filter")

"""The assignments API: the municipality's systems read every open assignment (with the scope
`tildelinger:les`), a supplier only its own, and a poll for new orders sees only what is new;
every recipient listed is in the access log."""

import base64

import pytest
from django.utils import timezone

from fritt.accounts.roles import Role
from fritt.accounts.services import issue_api_token
from tenants.integrations import services as integrations
from tenants.recipients import services
from tenants.recipients.models import AccessLogEntry
from tests.factories import make_fnr, make_user, new_decision, new_recipient, site_client


def _auth(user):
    return {"HTTP_AUTHORIZATION": f"Token {issue_api_token(user=user).secret}"}


@pytest.fixture
def served(world, case_worker):
    """Two recipients: one served by Alfa, one by Beta."""
    made = []
    for approval in (world["a"], world["b"]):
        recipient = new_recipient(case_worker, zone=world["arna"], fnr=make_fnr("080880"))
        decision = new_decision(case_worker, recipient, world["service"])
        made.append(
            services.choose_provider(
                by=case_worker, decision=decision, approval=approval, how="På telefon"
            )
        )
    return made


def test_the_municipality_sees_every_open_assignment_and_polls_for_new_ones(
    world, case_worker, served
):
    client, auth = site_client("bergen"), _auth(case_worker)
    listed = client.get("/api/v1/tildelinger/", **auth)
    assert listed.status_code == 200, listed.content
    rows = listed.json()["results"]
    assert [r["id"] for r in rows] == [a.pk for a in served]
    assert rows[0]["provider"] == {
        "kind": "supplier", "orgnr": world["a"].supplier.orgnr, "name": "Alfa Omsorg AS",
    }  # fmt: skip
    assert rows[0]["service_type"] == "praktisk-bistand" and rows[0]["reason"] == "case_worker"
    after = rows[0]["created_at"]
    newer = client.get("/api/v1/tildelinger/", {"opprettet_etter": after}, **auth).json()
    assert [r["id"] for r in newer["results"]] == [served[1].pk]
    logged = AccessLogEntry.objects.filter(action="api_read", what="API: oppdrag")
    assert logged.count() == 3
    assert (
        client.get("/api/v1/tildelinger/", {"opprettet_etter": "i går"}, **auth).status_code == 400
    )


def test_a_supplier_sees_only_its_own_assignments(world, served):
    alfa_user = make_user(Role.SUPPLIER_ADMIN, supplier=world["a"].supplier)
    client = site_client("bergen")
    rows = client.get("/api/v1/tildelinger/", **_auth(alfa_user)).json()["results"]
    assert [r["id"] for r in rows] == [served[0].pk]
    assert rows[0]["recipient"]["address"] == "Storgata 1"
    assert AccessLogEntry.objects.filter(action="assignment", user=alfa_user).count() == 1
    assert client.get("/api/v1/tildelinger/").status_code == 401


def test_a_system_needs_the_assignments_scope(bergen, world, served):
    admin = make_user(Role.MUNICIPAL_ADMIN, municipality=bergen)
    client = site_client("bergen")
    for scopes, expected in ((["hendelser:les"], 403), (["tildelinger:les"], 200)):
        system = integrations.create_client(by=admin, name=f"S{expected}", scopes=scopes)
        basic = base64.b64encode(f"{system.client_id}:{system.new_secret}".encode()).decode()
        token = client.post(
            "/api/v1/token/", {"grant_type": "client_credentials"},
            HTTP_AUTHORIZATION=f"Basic {basic}",
        ).json()["access_token"]  # fmt: skip
        answer = client.get("/api/v1/tildelinger/", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert answer.status_code == expected


def test_reference_data_lists_services_zones_schemes_with_providers_and_rates(world):
    from tenants.schemes.models import Rate

    Rate.objects.create(
        scheme=world["scheme"], unit="hour", amount="540.00", valid_from=timezone.localdate()
    )
    client = site_client("bergen")
    services_ = client.get("/api/v1/tjenester/").json()
    assert "praktisk-bistand" in {s["code"] for s in services_}
    assert {z["name"] for z in client.get("/api/v1/soner/").json()} == {"Arna", "Fana"}
    [scheme] = client.get("/api/v1/ordninger/").json()
    assert scheme["service_type"] == "praktisk-bistand"
    assert {p["orgnr"] for p in scheme["providers"]} == {
        world[k].supplier.orgnr for k in ("a", "b", "c")
    }
    assert "540.00" in [r["amount"] for r in scheme["rates"]]
    rates = client.get("/api/v1/satser/").json()
    assert {r["scheme"] for r in rates} == {world["scheme"].pk} and len(rates) >= 2

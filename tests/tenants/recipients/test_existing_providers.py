"""Recipients who already have a provider (the paper world): registered one at a time or by a
whole import, with their decision and current provider and no new choice; an import keeps all
lines or none and can be run again."""

import datetime

import pytest
from django.utils import timezone

from fritt.accounts.roles import Role
from fritt.accounts.services import issue_api_token
from fritt.events.models import Event
from tenants.integrations import services as integrations
from tenants.recipients import services
from tenants.recipients.models import (
    Assignment,
    DecisionStatus,
    ProviderKind,
    Recipient,
    ServiceDecision,
)
from tests.factories import make_fnr, make_user, refused, site_client


@pytest.fixture
def admin(bergen):
    return make_user(Role.MUNICIPAL_ADMIN, municipality=bergen)


def _auth(case_worker):
    return {"HTTP_AUTHORIZATION": f"Token {issue_api_token(user=case_worker).secret}"}


def _line(world, **changes):
    line = {
        "recipient_reference": "GER-1",
        "full_name": "Kari Nordmann",
        "fnr": make_fnr("030350"),
        "address": "Storgata 1",
        "postcode": "5003",
        "postplace": "Bergen",
        "zone": "Arna",
        "decision_reference": "GER-V-1",
        "service_type": "praktisk-bistand",
        "extent": "4.0",
        "valid_from": "2026-01-01",
        "provider_orgnr": world["a"].supplier.orgnr,
        "provider_since": "2025-03-01",
    }
    line.update(changes)
    return line


def test_a_recipient_is_registered_with_the_provider_they_already_have(world, case_worker):
    client, auth, line = site_client("bergen"), _auth(case_worker), _line(world)
    made = client.post(
        "/api/v1/mottakere/med-leverandor/", line, content_type="application/json", **auth
    )
    assert made.status_code == 201, made.content
    body = made.json()
    decision = ServiceDecision.objects.get(pk=body["decision"])
    assert decision.status == DecisionStatus.SERVED
    assert decision.external_reference == "GER-V-1"
    assert decision.recipient.external_reference == "GER-1"
    assignment = Assignment.objects.get(pk=body["assignment"])
    assert assignment.approval == world["a"]
    assert assignment.starts_on == datetime.date(2025, 3, 1) and assignment.ends_on is None
    actions = set(Event.objects.values_list("action", flat=True))
    assert {
        "recipient.registered", "decision.created", "assignment.started",
        "provider.existing_registered",
    } <= actions  # fmt: skip
    # No choice is asked for: the deadline sweep leaves it alone.
    assert (
        services.run_deadline_sweep(today=timezone.localdate() + datetime.timedelta(days=60)) == 0
    )
    again = client.post(
        "/api/v1/mottakere/med-leverandor/", line, content_type="application/json", **auth
    )
    assert again.status_code == 409 and again.json()["existing_id"] == decision.pk


def test_the_municipal_provider_and_a_second_decision_for_the_same_person(world, case_worker):
    fnr = make_fnr("040460")
    first = services.register_with_provider(
        by=case_worker,
        case=services.parse_case(_line(world, fnr=fnr, provider_orgnr="", decision_reference="")),
    )
    assert first.assignment.provider_kind == ProviderKind.MUNICIPAL
    second = services.register_with_provider(
        by=case_worker,
        case=services.parse_case(
            _line(world, fnr=fnr, decision_reference="GER-V-2", provider_orgnr="kommunal")
        ),
    )
    assert second.recipient == first.recipient and second.decision != first.decision


def test_a_supplier_not_approved_for_the_service_is_refused(world, case_worker):
    with refused("provider"):
        services.register_with_provider(
            by=case_worker, case=services.parse_case(_line(world, provider_orgnr="999999999"))
        )
    assert not Recipient.objects.exists()


def test_one_bad_line_leaves_nothing_and_every_bad_line_is_reported(world, case_worker):
    client, auth = site_client("bergen"), _auth(case_worker)
    lines = [
        _line(world),
        _line(world, recipient_reference="GER-2", fnr=make_fnr("050570"),
              decision_reference="GER-V-2", provider_orgnr=world["b"].supplier.orgnr),
        _line(world, recipient_reference="GER-3", fnr="12345678901", decision_reference="GER-V-3"),
        _line(world, recipient_reference="GER-4", fnr=make_fnr("060680"),
              decision_reference="GER-V-4", extent="mye", valid_from="1.1.2026"),
    ]  # fmt: skip
    failed = client.post(
        "/api/v1/mottakere/import/", lines, content_type="application/json", **auth
    )
    assert failed.status_code == 400, failed.content
    problem = failed.json()
    assert problem["code"] == "import_failed"
    assert [(e["line"], e["field"], e["code"]) for e in problem["lines"]] == [
        (3, "fnr", "fnr"),
        (4, "extent", "extent"),
    ]
    assert not Recipient.objects.exists() and not ServiceDecision.objects.exists()
    assert not Event.objects.filter(action__startswith="recipient").exists()

    del lines[2:]
    done = client.post("/api/v1/mottakere/import/", lines, content_type="application/json", **auth)
    assert done.status_code == 200, done.content
    assert done.json()["created"] == 2 and done.json()["unchanged"] == 0
    # Sent again: nothing new, each line names what is already there.
    rerun = client.post("/api/v1/mottakere/import/", lines, content_type="application/json", **auth)
    assert rerun.json()["created"] == 0 and rerun.json()["unchanged"] == 2
    assert Recipient.objects.count() == 2 and Assignment.objects.count() == 2


def test_an_import_needs_both_write_scopes(bergen, world, admin):
    import base64

    client = integrations.create_client(by=admin, name="Gerica", scopes=["mottakere:skriv"])
    api = site_client("bergen")
    basic = base64.b64encode(f"{client.client_id}:{client.new_secret}".encode()).decode()
    token = api.post(
        "/api/v1/token/", {"grant_type": "client_credentials"}, HTTP_AUTHORIZATION=f"Basic {basic}"
    ).json()["access_token"]
    answer = api.post(
        "/api/v1/mottakere/import/", [_line(world)], content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )  # fmt: skip
    assert answer.status_code == 403


def test_a_retried_registration_with_the_same_key_gets_the_first_answer(world, case_worker):
    client, auth, line = site_client("bergen"), _auth(case_worker), _line(world)
    path = "/api/v1/mottakere/med-leverandor/"
    first = client.post(
        path, line, content_type="application/json", HTTP_IDEMPOTENCY_KEY="mig-1", **auth
    )
    again = client.post(
        path, line, content_type="application/json", HTTP_IDEMPOTENCY_KEY="mig-1", **auth
    )
    assert first.status_code == again.status_code == 201, again.content
    assert first.json() == again.json()
    assert ServiceDecision.objects.filter(external_reference="GER-V-1").count() == 1

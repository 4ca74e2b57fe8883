"""Correlation and safe retries: external references unique per municipality, duplicate creates
answered 409 with the existing id, and `Idempotency-Key` honoured on every create."""

from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from fritt.accounts.services import issue_api_token
from tenants.recipients.models import AccessLogEntry, Recipient, ServiceDecision
from tests.factories import make_fnr, make_user, site_client


def _person(**extra):
    return {"full_name": "Rita Retry", "fnr": make_fnr("101080"), "address": "Vei 1",
            "postcode": "5003", "postplace": "Bergen", **extra}  # fmt: skip


def _post(client, path, body, token, key=None):
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"}
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(path, body, content_type="application/json", **headers)


def test_the_same_key_and_body_make_one_recipient_and_the_same_answer(bergen, case_worker):
    token = issue_api_token(user=case_worker).secret
    client = site_client("bergen")
    body = _person(external_reference="GER-1")
    first = _post(client, "/api/v1/mottakere/", body, token, key="k-1")
    again = _post(client, "/api/v1/mottakere/", body, token, key="k-1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and again["Idempotent-Replayed"] == "true"
    assert first.json()["external_reference"] == "GER-1"
    with tenant_context(bergen):
        assert Recipient.objects.count() == 1
        # The replay shows the person again, so it is logged like any read.
        assert list(
            AccessLogEntry.objects.filter(recipient_id=first.json()["id"])
            .order_by("pk")
            .values_list("action", flat=True)
        ) == ["create", "api_read"]
    other = _post(client, "/api/v1/mottakere/", _person(full_name="Annen"), token, key="k-1")
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    bad = _post(client, "/api/v1/mottakere/", body, token, key="x" * 201)
    assert bad.status_code == 400 and bad.json()["code"] == "bad_idempotency_key"


def test_a_duplicate_create_answers_409_with_the_existing_id(bergen, case_worker):
    token = issue_api_token(user=case_worker).secret
    client = site_client("bergen")
    fnr = make_fnr("101080")
    made = _post(
        client, "/api/v1/mottakere/", _person(fnr=fnr, external_reference="GER-2"), token
    ).json()
    no_fnr = _post(client, "/api/v1/mottakere/", _person(fnr=None), token)
    assert no_fnr.status_code == 400  # a bad request, not a duplicate
    fnr_twice = _post(client, "/api/v1/mottakere/", _person(fnr=fnr), token)
    assert fnr_twice.status_code == 409 and fnr_twice.json()["code"] == "duplicate_fnr"
    assert fnr_twice.json()["existing_id"] == made["id"]
    assert fnr_twice["Content-Type"] == "application/problem+json"
    reference_twice = _post(
        client, "/api/v1/mottakere/",
        _person(fnr=make_fnr("111180"), external_reference="GER-2"), token,
    )  # fmt: skip
    assert reference_twice.status_code == 409
    assert reference_twice.json()["code"] == "duplicate_external_reference"
    assert reference_twice.json()["existing_id"] == made["id"]


def test_decisions_carry_references_and_retries_are_safe(bergen, case_worker):
    token = issue_api_token(user=case_worker).secret
    client = site_client("bergen")
    person = _post(client, "/api/v1/mottakere/", _person(), token).json()
    path = f"/api/v1/mottakere/{person['id']}/vedtak/"
    decision = {"service_type": "praktisk-bistand", "extent": "4", "valid_from": "2026-12-01",
                "external_reference": "VED-9"}  # fmt: skip
    first = _post(client, path, decision, token, key="v-1")
    again = _post(client, path, decision, token, key="v-1")
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    duplicate = _post(client, path, decision, token)
    assert duplicate.status_code == 409 and duplicate.json()["existing_id"] == first.json()["id"]
    with tenant_context(bergen):
        assert ServiceDecision.objects.filter(external_reference="VED-9").count() == 1


def test_references_are_per_municipality_and_keys_per_account(bergen, trondheim, case_worker):
    token = issue_api_token(user=case_worker).secret
    theirs = issue_api_token(user=make_user(Role.CASE_WORKER, municipality=trondheim)).secret
    ours = _post(site_client("bergen"), "/api/v1/mottakere/", _person(external_reference="R"),
                 token, key="same")  # fmt: skip
    elsewhere = _post(
        site_client("trondheim"), "/api/v1/mottakere/",
        _person(fnr=make_fnr("121280"), external_reference="R"), theirs, key="same",
    )  # fmt: skip
    assert ours.status_code == elsewhere.status_code == 201

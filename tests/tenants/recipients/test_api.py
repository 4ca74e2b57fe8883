"""The recipient API for municipal systems: token auth, create and read, logged, no fnr out."""

from fritt.accounts.models import ApiToken
from fritt.accounts.roles import Role
from fritt.accounts.services import issue_api_token
from tenants.recipients.models import AccessLogEntry, Recipient
from tests.factories import make_fnr, make_user, site_client


def test_a_municipal_system_creates_and_reads_recipients_and_decisions(world, case_worker):
    token = issue_api_token(user=case_worker).secret
    client = site_client("bergen")
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
    fnr = make_fnr("311280")
    created = client.post(
        "/api/v1/mottakere/",
        {"full_name": "Api Person", "fnr": fnr, "address": "Veien 3", "postcode": "5020",
         "postplace": "Bergen", "zone": "Arna"},
        content_type="application/json", **auth,
    )  # fmt: skip
    assert created.status_code == 201, created.content
    body = created.json()
    assert "fnr" not in body and fnr not in created.content.decode()
    decision = client.post(
        f"/api/v1/mottakere/{body['id']}/vedtak/",
        {"service_type": "praktisk-bistand", "extent": "5.5", "valid_from": "2026-12-01"},
        content_type="application/json", **auth,
    )  # fmt: skip
    assert decision.status_code == 201, decision.content
    assert decision.json()["status"] == "awaiting_choice"
    read = client.get(f"/api/v1/mottakere/{body['id']}/", **auth).json()
    assert read["decisions"][0]["extent"] == "5.5"
    found = client.post(
        "/api/v1/mottakere/sok/", {"q": fnr}, content_type="application/json", **auth
    ).json()
    assert [r["id"] for r in found["results"]] == [body["id"]]
    actions = list(
        AccessLogEntry.objects.filter(recipient_id=body["id"])
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "create", "api_read", "api_read"]


def test_bad_input_and_strangers_are_refused(world, case_worker, trondheim):
    token = issue_api_token(user=case_worker).secret
    client = site_client("bergen")
    bad = client.post(
        "/api/v1/mottakere/",
        {"full_name": "X", "fnr": "12345678901", "address": "a", "postcode": "5020",
         "postplace": "b"},
        content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}",
    )  # fmt: skip
    assert bad.status_code == 400 and "ikke gyldig" in bad.content.decode()
    assert not Recipient.objects.exists()
    assert client.get("/api/v1/mottakere/").status_code == 401
    stranger = issue_api_token(user=make_user(Role.CASE_WORKER, municipality=trondheim)).secret
    assert (
        client.get("/api/v1/mottakere/", HTTP_AUTHORIZATION=f"Token {stranger}").status_code == 403
    )


def test_the_recipient_api_is_in_the_openapi_document(national_client):
    schema = national_client.get("/api/schema/?format=json").json()
    assert "/api/v1/mottakere/" in schema["paths"]
    assert "/api/v1/kunngjoringer/" in schema["paths"]


def test_the_operator_issues_a_token_for_a_case_worker_only(world, case_worker, officer):
    import io

    import pytest
    from django.core.management import CommandError, call_command

    out = io.StringIO()
    call_command("create_api_token", case_worker.email, stdout=out, stderr=io.StringIO())
    key = out.getvalue().strip()
    assert ApiToken.objects.get(user=case_worker).prefix in key
    response = site_client("bergen").get("/api/v1/mottakere/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    with pytest.raises(CommandError, match="ikke saksbehandler for tjenestemottakere"):
        call_command("create_api_token", officer.email, stdout=io.StringIO())

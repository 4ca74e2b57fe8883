"""Machine identity: a municipal system's client credentials, created and revoked by the admin,
traded for short-lived bearer tokens whose scopes every API view enforces; the access log
names the system."""

import base64
import datetime
import re

from django.utils import timezone
from django_tenants.utils import tenant_context

from tenants.integrations import services
from tenants.integrations.models import AccessToken, ApiClient
from tenants.recipients.models import AccessLogEntry
from tests.factories import new_recipient, refused, site_client


def _token(client, client_id, secret, **extra):
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return client.post(
        "/api/v1/token/", {"grant_type": "client_credentials", **extra},
        HTTP_AUTHORIZATION=f"Basic {basic}",
    )  # fmt: skip


def test_the_admin_gives_a_system_access_and_its_token_is_held_to_its_scopes(
    bergen, admin, case_worker
):
    with tenant_context(bergen):
        recipient = new_recipient(case_worker)
    page = site_client("bergen", admin).post(
        "/ansatt/integrasjoner/systemer/",
        {"name": "Gerica", "scopes": ["mottakere:les", "hendelser:les"]},
    )
    assert page.status_code == 200
    html = page.content.decode()
    client_id = re.search(r'data-testid="client-id">([^<]+)<', html).group(1)
    secret = re.search(r'data-testid="client-secret">([^<]+)<', html).group(1)
    with tenant_context(bergen):
        stored = ApiClient.objects.get(client_id=client_id)
        assert secret not in stored.secret_hash and stored.scopes == [
            "hendelser:les",
            "mottakere:les",
        ]

    api = site_client("bergen")
    issued = _token(api, client_id, secret)
    assert issued.status_code == 200, issued.content
    body = issued.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 600
    assert issued["Cache-Control"] == "no-store"
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {body['access_token']}"}
    assert api.get(f"/api/v1/mottakere/{recipient.pk}/", **bearer).status_code == 200
    assert api.get("/api/v1/hendelser/", **bearer).status_code == 200
    # Without the write scope it cannot write.
    create = api.post(
        "/api/v1/mottakere/", {"full_name": "X"}, content_type="application/json", **bearer
    )
    assert create.status_code == 403
    assert api.get("/api/v1/webhooker/", **bearer).status_code == 403
    # The access log names the system.
    with tenant_context(bergen):
        entry = AccessLogEntry.objects.filter(recipient=recipient, action="api_read").get()
        assert entry.user.full_name == "System: Gerica"
    # A narrower token when asked for less.
    narrow = _token(api, client_id, secret, scope="hendelser:les").json()
    assert narrow["scope"] == "hendelser:les"
    narrow_auth = {"HTTP_AUTHORIZATION": f"Bearer {narrow['access_token']}"}
    assert api.get(f"/api/v1/mottakere/{recipient.pk}/", **narrow_auth).status_code == 403


def test_a_system_with_the_write_scope_registers_recipients(bergen, admin):
    with tenant_context(bergen):
        client = services.create_client(
            by=admin, name="Visma", scopes=["mottakere:skriv", "vedtak:skriv"]
        )
    api = site_client("bergen")
    token = _token(api, client.client_id, client.new_secret).json()["access_token"]
    created = api.post(
        "/api/v1/mottakere/",
        {"full_name": "Maskin Registrert", "fnr": "01019012345"[:0] or _fnr(), "address": "Vei 1",
         "postcode": "5003", "postplace": "Bergen"},
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}",
    )  # fmt: skip
    assert created.status_code == 201, created.content
    with tenant_context(bergen):
        entry = AccessLogEntry.objects.filter(recipient_id=created.json()["id"]).first()
        assert entry.user.full_name == "System: Visma"


def _fnr():
    from tests.factories import make_fnr

    return make_fnr("020202")


def test_expired_unknown_and_revoked_tokens_answer_401_with_a_bearer_challenge(bergen, admin):
    with tenant_context(bergen):
        client = services.create_client(by=admin, name="CosDoc", scopes=["hendelser:les"])
    api = site_client("bergen")
    token = _token(api, client.client_id, client.new_secret).json()["access_token"]
    with tenant_context(bergen):
        AccessToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    expired = api.get("/api/v1/hendelser/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert expired.status_code == 401
    assert (
        expired["WWW-Authenticate"].startswith("Bearer")
        and "invalid_token" in expired["WWW-Authenticate"]
    )
    unknown = api.get("/api/v1/hendelser/", HTTP_AUTHORIZATION="Bearer fbm_nope")
    assert unknown.status_code == 401
    fresh = _token(api, client.client_id, client.new_secret).json()["access_token"]
    assert api.get("/api/v1/hendelser/", HTTP_AUTHORIZATION=f"Bearer {fresh}").status_code == 200
    # Another municipality's site does not know Bergen's system.
    elsewhere = site_client("trondheim").get(
        "/api/v1/hendelser/", HTTP_AUTHORIZATION=f"Bearer {fresh}"
    )
    assert elsewhere.status_code == 401
    site_client("bergen", admin).post(f"/ansatt/integrasjoner/systemer/{client.pk}/trekk-tilbake/")
    assert api.get("/api/v1/hendelser/", HTTP_AUTHORIZATION=f"Bearer {fresh}").status_code == 401
    assert _token(api, client.client_id, client.new_secret).status_code == 401


def test_the_token_endpoint_answers_in_oauths_own_error_shape(bergen, admin):
    with tenant_context(bergen):
        client = services.create_client(by=admin, name="Gerica", scopes=["hendelser:les"])
    api = site_client("bergen")
    wrong = _token(api, client.client_id, "wrong")
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
    assert wrong["WWW-Authenticate"].startswith("Basic")
    grant = _token(api, client.client_id, client.new_secret, grant_type="password")
    assert grant.status_code == 400 and grant.json()["error"] == "unsupported_grant_type"
    scope = _token(api, client.client_id, client.new_secret, scope="mottakere:les")
    assert scope.status_code == 400 and scope.json()["error"] == "invalid_scope"
    in_body = api.post(
        "/api/v1/token/",
        {"grant_type": "client_credentials", "client_id": client.client_id,
         "client_secret": client.new_secret},
        content_type="application/json",
    )  # fmt: skip
    assert in_body.status_code == 200
    assert api.post("/api/v1/token/", {"grant_type": "client_credentials"}).json()["error"] == (
        "invalid_request"
    )


def test_a_rotated_secret_keeps_working_for_a_day(bergen, admin):
    with tenant_context(bergen):
        client = services.create_client(by=admin, name="Gerica", scopes=["hendelser:les"])
        old = client.new_secret
        rotated = services.rotate_client_secret(by=admin, client=client)
    api = site_client("bergen")
    assert _token(api, client.client_id, old).status_code == 200
    assert _token(api, client.client_id, rotated.new_secret).status_code == 200
    with tenant_context(bergen):
        ApiClient.objects.update(previous_valid_until=timezone.now())
    assert _token(api, client.client_id, old).status_code == 401


def test_unknown_scopes_and_nameless_systems_are_refused(bergen, admin):
    with tenant_context(bergen):
        with refused("invalid_scope"):
            services.create_client(by=admin, name="X", scopes=["alt:mulig"])
        with refused("client_name_required"):
            services.create_client(by=admin, name=" ", scopes=["hendelser:les"])

"""Maskinporten tokens: a municipality's system that gets its tokens from Maskinporten (here the
local look-alike started by the tests) reaches the API as the system the admin linked, held to
the scopes both sides allow, and only for the municipality whose org.nr the token names."""

import json
import urllib.parse
import urllib.request

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from fritt.identity import client
from tenants.integrations import maskinporten, services
from tenants.recipients.models import AccessLogEntry
from tests.factories import new_recipient, refused, site_client

BERGEN_ORGNR = "964338531"


def _post(url: str, body: bytes, headers: dict) -> dict:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310 (loopback)
        return json.load(answer)


def _register(issuer: str, orgnr: str) -> tuple[str, str]:
    """A client in the look-alike's self-service, for an organisation."""
    client = _post(
        f"{issuer}/reg",
        json.dumps({
            "grant_types": ["client_credentials"], "response_types": [], "redirect_uris": [],
            "token_endpoint_auth_method": "client_secret_post", "consumer_orgnr": orgnr,
        }).encode(),
        {"Content-Type": "application/json"},
    )  # fmt: skip
    return client["client_id"], client["client_secret"]


def _token(issuer: str, client_id: str, secret: str, *scopes: str) -> str:
    form = urllib.parse.urlencode({
        "grant_type": "client_credentials", "client_id": client_id, "client_secret": secret,
        "scope": " ".join(maskinporten.maskinporten_scope(s) for s in scopes),
    }).encode()  # fmt: skip
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    return _post(f"{issuer}/token", form, headers)["access_token"]


@pytest.fixture
def bergen_with_orgnr(bergen):
    bergen.orgnr = BERGEN_ORGNR
    bergen.save(update_fields=["orgnr"])
    client.forget_cached()
    return bergen


def test_a_linked_system_reads_with_a_maskinporten_token_within_both_scopes(
    oidc_provider, bergen_with_orgnr, admin, case_worker
):
    issuer = oidc_provider.maskinporten
    mp_id, mp_secret = _register(issuer, BERGEN_ORGNR)
    with tenant_context(bergen_with_orgnr):
        recipient = new_recipient(case_worker)
        services.create_client(
            by=admin, name="Gerica", scopes=["mottakere:les"], maskinporten_client_id=mp_id
        )
    api = site_client("bergen")
    # Maskinporten gave it reading and writing; the admin allowed reading only.
    token = _token(issuer, mp_id, mp_secret, "mottakere:les", "mottakere:skriv")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert api.get(f"/api/v1/mottakere/{recipient.pk}/", **bearer).status_code == 200
    create = api.post(
        "/api/v1/mottakere/", {"full_name": "X"}, content_type="application/json", **bearer
    )
    assert create.status_code == 403
    with tenant_context(bergen_with_orgnr):
        entry = AccessLogEntry.objects.filter(recipient=recipient, action="api_read").get()
        assert entry.user.full_name == "System: Gerica"


def test_tokens_for_another_organisation_unlinked_clients_and_forgeries_get_401(
    oidc_provider, bergen_with_orgnr, admin
):
    issuer = oidc_provider.maskinporten
    linked_id, linked_secret = _register(issuer, BERGEN_ORGNR)
    stranger_id, stranger_secret = _register(issuer, "974760673")  # another organisation
    unlinked_id, unlinked_secret = _register(issuer, BERGEN_ORGNR)
    with tenant_context(bergen_with_orgnr):
        services.create_client(
            by=admin, name="Gerica", scopes=["hendelser:les"], maskinporten_client_id=linked_id
        )
        services.create_client(
            by=admin, name="Annen", scopes=["hendelser:les"], maskinporten_client_id=stranger_id
        )
    api = site_client("bergen")
    good = _token(issuer, linked_id, linked_secret, "hendelser:les")
    assert api.get("/api/v1/hendelser/", HTTP_AUTHORIZATION=f"Bearer {good}").status_code == 200
    header, payload, signature = good.split(".")
    forged = f"{header}.{payload}.{signature[:-4]}AAAA"
    for token in (
        _token(issuer, stranger_id, stranger_secret, "hendelser:les"),  # not Bergen's org.nr
        _token(issuer, unlinked_id, unlinked_secret, "hendelser:les"),  # no system here
        forged,
    ):
        answer = api.get("/api/v1/hendelser/", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert answer.status_code == 401, token
        assert answer["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_system_and_a_taken_maskinporten_client_are_refused(
    oidc_provider, bergen_with_orgnr, admin
):
    issuer = oidc_provider.maskinporten
    mp_id, mp_secret = _register(issuer, BERGEN_ORGNR)
    with tenant_context(bergen_with_orgnr):
        client = services.create_client(
            by=admin, name="Gerica", scopes=["hendelser:les"], maskinporten_client_id=mp_id
        )
        with refused("maskinporten_client_taken"):
            services.create_client(
                by=admin, name="Kopi", scopes=["hendelser:les"], maskinporten_client_id=mp_id
            )
        services.revoke_client(by=admin, client=client)
        assert client.revoked_at <= timezone.now()
    token = _token(issuer, mp_id, mp_secret, "hendelser:les")
    answer = site_client("bergen").get("/api/v1/hendelser/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer.status_code == 401

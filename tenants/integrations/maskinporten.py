"""Maskinporten access tokens on the API: a municipality's system that gets its tokens from
Digdir is the same client as one that uses the platform's own client credentials."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django_tenants.utils import get_public_schema_name
from joserfc import jwt
from joserfc.errors import JoseError
from rest_framework import authentication, exceptions

from fritt.identity.client import LoginFailed, keyset
from fritt.tenancy.schemas import current_municipality

from .models import ApiClient

ALGORITHMS = ["RS256", "RS384", "RS512", "ES256"]


@dataclass(frozen=True)
class MaskinportenGrant:
    """What a verified Maskinporten token lets a client do here: the scopes it was given
    that the municipality's admin also allowed the client."""

    client: ApiClient
    scopes: frozenset[str]


def _claims(token: str, issuer: str) -> dict:
    """Signature against the issuer's keys (the same fetch and cache as the national logins,
    fetched again once for an unknown key), then issuer, expiry and audience."""
    wanted = {"iss": {"essential": True, "value": issuer}, "exp": {"essential": True}}
    if settings.MASKINPORTEN_AUDIENCE:
        wanted["aud"] = {"essential": True, "value": settings.MASKINPORTEN_AUDIENCE}
    published_at = issuer.rstrip("/")
    try:
        decoded = jwt.decode(token, keyset(published_at), algorithms=ALGORITHMS)
    except (ValueError, JoseError):
        decoded = jwt.decode(token, keyset(published_at, refresh=True), algorithms=ALGORITHMS)
    jwt.JWTClaimsRegistry(leeway=30, **wanted).validate(decoded.claims)
    return dict(decoded.claims)


def maskinporten_scope(scope: str) -> str:
    """A platform scope as named in Maskinporten, where a subscope cannot hold a colon:
    "mottakere:les" is "frittbrukervalg:mottakere.les"."""
    return settings.MASKINPORTEN_SCOPE_PREFIX + scope.replace(":", ".")


def platform_scope(scope: str) -> str | None:
    prefix = settings.MASKINPORTEN_SCOPE_PREFIX
    return scope.removeprefix(prefix).replace(".", ":") if scope.startswith(prefix) else None


class MaskinportenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <JWT from Maskinporten>` on a municipality's site. The token
    must be signed by the configured issuer, unexpired, for this municipality's org.nr
    (`consumer`), and from a Maskinporten client the admin has linked to a system here."""

    def authenticate(self, request):
        issuer = settings.MASKINPORTEN_ISSUER
        parts = authentication.get_authorization_header(request).split()
        if not issuer or len(parts) != 2 or parts[0].lower() != b"bearer":
            return None
        token = parts[1].decode("latin-1")
        if token.count(".") != 2 or connection.schema_name == get_public_schema_name():
            return None
        try:
            claims = _claims(token, issuer)
        except (JoseError, LoginFailed, ValueError):
            return self._refuse(request)
        municipality = current_municipality()
        consumer = (claims.get("consumer") or {}).get("ID", "")
        if not municipality.orgnr or consumer != f"0192:{municipality.orgnr}":
            return self._refuse(request, "Tokenet er ikke utstedt for denne kommunen.")
        client = ApiClient.objects.filter(
            maskinporten_client_id=claims.get("client_id", ""),
            maskinporten_client_id__gt="",
            revoked_at__isnull=True,
        ).first()
        if client is None:
            return self._refuse(request, "Maskinporten-klienten er ikke koblet til et system her.")
        given = {platform_scope(s) for s in claims.get("scope", "").split()} - {None}
        return client.user, MaskinportenGrant(
            client=client, scopes=frozenset(given & set(client.scopes))
        )

    def _refuse(self, request, message: str = "Ugyldig eller utløpt tilgangstoken."):
        request._fritt_bad_bearer = True
        raise exceptions.AuthenticationFailed(message)

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api", error="invalid_token"'

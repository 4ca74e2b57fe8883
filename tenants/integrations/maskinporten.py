"""Maskinporten access tokens on the API: a municipality's system that gets its tokens from
Digdir is the same client as one that uses the platform's own client credentials."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django_tenants.utils import get_public_schema_name
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from rest_framework import authentication, exceptions

from fritt.tenancy.schemas import current_municipality

from .models import ApiClient

# Keys are fetched once an hour and again when a token names a key we have not seen (rotation).
KEYS_MAX_AGE_SECONDS = 3600
_keys: dict[str, tuple[float, object]] = {}
_keys_lock = threading.Lock()
ALGORITHMS = ["RS256", "RS384", "RS512", "ES256"]


@dataclass(frozen=True)
class MaskinportenGrant:
    """What a verified Maskinporten token lets a client do here: the scopes it was given
    that the municipality's admin also allowed the client."""

    client: ApiClient
    scopes: frozenset[str]


def _fetch_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=settings.OIDC_HTTP_TIMEOUT_SECONDS) as answer:  # noqa: S310 (configured issuer)
        return json.load(answer)


def _metadata(issuer: str) -> dict:
    """Maskinporten publishes RFC 8414 metadata; an OpenID provider (the local look-alike)
    publishes the OpenID Connect document instead."""
    try:
        return _fetch_json(f"{issuer}/.well-known/oauth-authorization-server")
    except OSError:
        return _fetch_json(f"{issuer}/.well-known/openid-configuration")


def _key_set(issuer: str, *, fresh: bool = False):
    with _keys_lock:
        cached = _keys.get(issuer)
        if cached and not fresh and time.monotonic() - cached[0] < KEYS_MAX_AGE_SECONDS:
            return cached[1]
    meta = _metadata(issuer.rstrip("/"))
    keys = KeySet.import_key_set(_fetch_json(meta["jwks_uri"]))
    with _keys_lock:
        _keys[issuer] = (time.monotonic(), keys)
    return keys


def forget_keys() -> None:
    with _keys_lock:
        _keys.clear()


def _claims(token: str, issuer: str) -> dict:
    wanted = {"iss": {"essential": True, "value": issuer}, "exp": {"essential": True}}
    if settings.MASKINPORTEN_AUDIENCE:
        wanted["aud"] = {"essential": True, "value": settings.MASKINPORTEN_AUDIENCE}
    for fresh in (False, True):
        try:
            decoded = jwt.decode(token, _key_set(issuer, fresh=fresh), algorithms=ALGORITHMS)
        except (ValueError, KeyError):
            continue  # no key with the token's kid: fetch the set again once (rotation)
        jwt.JWTClaimsRegistry(leeway=30, **wanted).validate(decoded.claims)
        return dict(decoded.claims)
    raise JoseError("unknown signing key")


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
        except (JoseError, OSError, KeyError, ValueError):
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

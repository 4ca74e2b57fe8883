"""The OIDC client: discovery, the authorization request (PKCE S256, state, nonce, acr_values),
the code exchange with private_key_jwt, and the ID token's signature and claims.

authlib builds the requests and the client assertion; joserfc (authlib's own JOSE library)
checks the ID token against the provider's published keys."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from django.conf import settings
from joserfc import jwt
from joserfc.errors import ExpiredTokenError, JoseError
from joserfc.jwk import KeySet, RSAKey

from .errors import IdentityError

_DISCOVERY_TTL_SECONDS = 3600
_discovered: dict[str, tuple[float, dict[str, Any]]] = {}
_keysets: dict[str, KeySet] = {}

# The clock tokens are checked against (a test moves it to see an expired token refused).
clock = time.time

# Stronger levels last: a login at a level at least as high as the one asked for passes.
LEVELS = ["idporten-loa-substantial", "idporten-loa-high"]


class LoginFailed(Exception):
    """A national login that cannot go on; `code` says why (IdentityError)."""

    def __init__(self, code: IdentityError, detail: str = ""):
        super().__init__(detail or code)
        self.code = code


@dataclass(frozen=True)
class VerifiedLogin:
    """What a checked ID token says about the person. `pid` is the fødselsnummer: it lives
    only in memory during the callback and is never stored, logged or put in a URL."""

    provider: str
    issuer: str
    pid: str
    acr: str
    amr: tuple[str, ...] = ()
    sid: str = ""
    name: str = ""
    organisations: tuple[str, ...] = field(default_factory=tuple)

    def __repr__(self) -> str:  # keeps the number out of tracebacks and error reports
        return f"VerifiedLogin(provider={self.provider!r}, acr={self.acr!r})"


def issuer_of(provider: str) -> str:
    issuer = {
        "idporten": settings.IDPORTEN_ISSUER,
        "ansattporten": settings.ANSATTPORTEN_ISSUER,
    }.get(provider, "")
    if not issuer:
        raise LoginFailed(IdentityError.DISABLED, f"{provider} is not configured")
    return issuer.rstrip("/")


def enabled(provider: str) -> bool:
    try:
        issuer_of(provider)
    except LoginFailed:
        return False
    return True


def discovery(issuer: str) -> dict[str, Any]:
    cached = _discovered.get(issuer)
    if cached and time.monotonic() - cached[0] < _DISCOVERY_TTL_SECONDS:
        return cached[1]
    # An OpenID provider publishes the first; Maskinporten (no logins) only the second, RFC 8414.
    for document in ("openid-configuration", "oauth-authorization-server"):
        try:
            response = requests.get(
                f"{issuer}/.well-known/{document}", timeout=settings.OIDC_HTTP_TIMEOUT_SECONDS
            )
            response.raise_for_status()
            metadata = response.json()
            break
        except (requests.RequestException, ValueError) as exc:
            failure = exc
    else:
        raise LoginFailed(IdentityError.PROVIDER, f"discovery failed: {failure}") from None
    if metadata.get("issuer", "").rstrip("/") != issuer:
        raise LoginFailed(IdentityError.PROVIDER, "discovery names another issuer")
    _discovered[issuer] = (time.monotonic(), metadata)
    return metadata


def keyset(issuer: str, *, refresh: bool = False) -> KeySet:
    """The issuer's signing keys, kept until a token names a key they lack (`refresh`)."""
    if refresh or issuer not in _keysets:
        try:
            response = requests.get(
                discovery(issuer)["jwks_uri"], timeout=settings.OIDC_HTTP_TIMEOUT_SECONDS
            )
            response.raise_for_status()
            _keysets[issuer] = KeySet.import_key_set(response.json())
        except (requests.RequestException, ValueError, JoseError) as exc:
            raise LoginFailed(IdentityError.PROVIDER, f"jwks failed: {exc}") from None
    return _keysets[issuer]


@cache
def _client_key_json() -> str:
    if settings.OIDC_CLIENT_JWK:
        return settings.OIDC_CLIENT_JWK
    if settings.OIDC_CLIENT_JWK_FILE:
        with open(settings.OIDC_CLIENT_JWK_FILE, encoding="utf-8") as handle:
            return handle.read()
    raise LoginFailed(IdentityError.DISABLED, "no client key (OIDC_CLIENT_JWK[_FILE])")


def forget_cached() -> None:
    """Drop discovery, keys and the client key (settings changed: tests, a key rotation)."""
    _discovered.clear()
    _keysets.clear()
    _client_key_json.cache_clear()


def client_key() -> RSAKey:
    return RSAKey.import_key(json.loads(_client_key_json()))


def _session(issuer: str, redirect_uri: str) -> OAuth2Session:
    key = client_key()
    session = OAuth2Session(
        settings.OIDC_CLIENT_ID,
        key,
        token_endpoint_auth_method="private_key_jwt",
        redirect_uri=redirect_uri,
        scope=settings.OIDC_SCOPES,
        code_challenge_method="S256",
    )
    # ID-porten wants the issuer as the assertion's audience, not the token endpoint.
    session.register_client_auth_method(PrivateKeyJWT(issuer, headers={"kid": key.kid}))
    return session


@dataclass(frozen=True)
class Pending:
    """What the callback must find again: kept in the session under `state`, used once."""

    provider: str
    state: str
    nonce: str
    verifier: str
    acr: str
    redirect_uri: str
    next_path: str
    created: float
    bind_user: int | None = None


def authorization_request(
    *,
    provider: str,
    redirect_uri: str,
    acr: str,
    next_path: str,
    prompt_login: bool = False,
    bind_user: int | None = None,
) -> tuple[str, Pending]:
    issuer = issuer_of(provider)
    metadata = discovery(issuer)
    pending = Pending(
        provider=provider,
        state=generate_token(32),
        nonce=generate_token(32),
        verifier=generate_token(64),
        acr=acr,
        redirect_uri=redirect_uri,
        next_path=next_path,
        created=time.time(),
        bind_user=bind_user,
    )
    extra: dict[str, str] = {"nonce": pending.nonce, "acr_values": acr, "ui_locales": "nb"}
    if prompt_login:
        extra["prompt"] = "login"
    if provider == "ansattporten":
        extra["authorization_details"] = json.dumps(
            [
                {
                    "type": "ansattporten:altinn:service",
                    "resource": settings.ANSATTPORTEN_ALTINN_RESOURCE,
                }
            ]
        )
    url, _state = _session(issuer, redirect_uri).create_authorization_url(
        metadata["authorization_endpoint"],
        state=pending.state,
        code_verifier=pending.verifier,
        **extra,
    )
    return url, pending


def _organisations(details: Any) -> tuple[str, ...]:
    """The org.nr Altinn lets the person act for, from Ansattporten's authorization_details."""
    found: list[str] = []
    for detail in details if isinstance(details, list) else []:
        for reportee in detail.get("reportees", []) if isinstance(detail, dict) else []:
            identifier = str(reportee.get("ID", "")).rsplit(":", 1)[-1]
            if identifier.isdigit() and len(identifier) == 9 and identifier not in found:
                found.append(identifier)
    return tuple(found)


def verify_id_token(*, provider: str, id_token: str, nonce: str) -> dict[str, Any]:
    """Signature against the provider's keys (fetched again once for an unknown key), then
    issuer, audience, expiry and nonce."""
    issuer = issuer_of(provider)
    try:
        try:
            token = jwt.decode(id_token, keyset(issuer), algorithms=["RS256", "ES256", "PS256"])
        except (ValueError, JoseError):
            token = jwt.decode(
                id_token, keyset(issuer, refresh=True), algorithms=["RS256", "ES256", "PS256"]
            )
    except (ValueError, JoseError) as exc:
        raise LoginFailed(IdentityError.TOKEN, f"signature: {type(exc).__name__}") from None
    claims = token.claims
    registry = jwt.JWTClaimsRegistry(
        now=lambda: int(clock()),
        leeway=30,
        iss={"essential": True, "value": issuer},
        aud={"essential": True, "value": settings.OIDC_CLIENT_ID},
        exp={"essential": True},
        iat={"essential": True},
        sub={"essential": True},
    )
    try:
        registry.validate(claims)
    except ExpiredTokenError:
        raise LoginFailed(IdentityError.TOKEN, "expired") from None
    except JoseError as exc:
        raise LoginFailed(IdentityError.TOKEN, f"claims: {type(exc).__name__}") from None
    if not isinstance(claims.get("nonce"), str) or claims["nonce"] != nonce:
        raise LoginFailed(IdentityError.NONCE, "nonce does not match")
    return claims


def finish(*, pending: Pending, code: str) -> VerifiedLogin:
    """Exchange the code (with the PKCE verifier and a signed client assertion) and check
    what comes back, including that the level is at least the one asked for."""
    issuer = issuer_of(pending.provider)
    metadata = discovery(issuer)
    try:
        tokens = _session(issuer, pending.redirect_uri).fetch_token(
            metadata["token_endpoint"],
            code=code,
            code_verifier=pending.verifier,
            timeout=settings.OIDC_HTTP_TIMEOUT_SECONDS,
        )
    except Exception as exc:  # authlib raises OAuthError, requests its own: both mean refused
        raise LoginFailed(IdentityError.TOKEN, f"token endpoint: {type(exc).__name__}") from None
    if not tokens.get("id_token"):
        raise LoginFailed(IdentityError.TOKEN, "no id_token")
    claims = verify_id_token(
        provider=pending.provider, id_token=tokens["id_token"], nonce=pending.nonce
    )
    acr = str(claims.get("acr", ""))
    if acr not in LEVELS or LEVELS.index(acr) < LEVELS.index(pending.acr):
        raise LoginFailed(IdentityError.LEVEL, "level below the one asked for")
    pid = str(claims.get("pid", ""))
    if not (pid.isdigit() and len(pid) == 11):
        raise LoginFailed(IdentityError.UNKNOWN_PERSON, "no pid")
    amr = claims.get("amr") or ()
    return VerifiedLogin(
        provider=pending.provider,
        issuer=issuer,
        pid=pid,
        acr=acr,
        amr=tuple(amr) if isinstance(amr, list) else (str(amr),),
        sid=str(claims.get("sid", "")),
        name=str(claims.get("name") or ""),
        organisations=_organisations(claims.get("authorization_details")),
    )


def end_session_url(*, provider: str, post_logout_redirect_uri: str) -> str | None:
    """The provider's logout (RP-initiated), or None when it has none."""
    try:
        endpoint = discovery(issuer_of(provider)).get("end_session_endpoint")
    except LoginFailed:
        return None
    if not endpoint:
        return None
    query = requests.compat.urlencode(
        {"client_id": settings.OIDC_CLIENT_ID, "post_logout_redirect_uri": post_logout_redirect_uri}
    )
    return f"{endpoint}?{query}"

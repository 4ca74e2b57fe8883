"""Machine identity on the API: bearer tokens from the client-credentials endpoint, and the
scope each API view requires of them."""

from __future__ import annotations

from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tenants.utils import get_public_schema_name
from rest_framework import authentication, exceptions, permissions

from . import selectors
from .maskinporten import MaskinportenGrant
from .models import AccessToken

PREFIX = "fbm_"


class ClientCredentialsAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer fbm_…` on a municipality's site. First in DRF's list, so its
    challenge is the one a 401 carries; other tokens pass on to the next class."""

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if len(parts) != 2 or parts[0].lower() != b"bearer":
            return None
        presented = parts[1].decode("latin-1")
        if not presented.startswith(PREFIX):
            return None
        found = None
        if connection.schema_name != get_public_schema_name():
            found = selectors.token_for(presented)
        if found is None:
            request._fritt_bad_bearer = True
            raise exceptions.AuthenticationFailed(_("Ugyldig eller utløpt tilgangstoken."))
        return found.client.user, found

    def authenticate_header(self, request) -> str:
        if getattr(request, "_fritt_bad_bearer", False):
            return 'Bearer realm="api", error="invalid_token"'
        # Personal API keys (fritt.accounts) and client-credentials tokens both work here.
        return 'Token realm="api", Bearer realm="api"'


def machine_token(request) -> AccessToken | MaskinportenGrant | None:
    """The system's grant behind the request (its own token or a Maskinporten token)."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, AccessToken | MaskinportenGrant) else None


class HasScope(permissions.BasePermission):
    """A client-credentials token must hold the scope the view names for the method
    (`required_scopes = {"GET": "...", "POST": "..."}`, or a tuple of scopes all needed);
    people are governed by their roles."""

    message = gettext_lazy("Tilgangstokenet mangler tilgangen denne operasjonen krever.")

    def has_permission(self, request, view) -> bool:
        token = machine_token(request)
        if token is None:
            return True
        needed = getattr(view, "required_scopes", {}).get(request.method)
        if needed is None and request.method in ("HEAD", "OPTIONS"):
            needed = getattr(view, "required_scopes", {}).get("GET")
        if needed is None:
            return False
        # A view may need several scopes at once (an import writes recipients and decisions).
        wanted = [needed] if isinstance(needed, str) else list(needed)
        return all(scope in token.scopes for scope in wanted)

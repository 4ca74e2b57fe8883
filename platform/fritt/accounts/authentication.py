"""API authentication by our own hashed, expiring tokens (`Authorization: Token fbv_…`)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from .selectors import user_for_api_token
from .services import touch_api_token


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """Listed first in DRF's authentication classes: its `authenticate_header` is what makes
    a missing or bad token answer 401 with `WWW-Authenticate` rather than 403."""

    keywords = ("Token", "Bearer")

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].decode("latin-1") not in self.keywords:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Ugyldig Authorization-header."))
        try:
            presented = parts[1].decode()
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(_("Ugyldig Authorization-header.")) from exc
        found = user_for_api_token(presented)
        if found is None:
            # One answer for unknown, wrong, expired and revoked tokens alike.
            raise exceptions.AuthenticationFailed(_("Ugyldig eller utløpt API-nøkkel."))
        user, token = found
        touch_api_token(token=token)
        return user, token

    def authenticate_header(self, request) -> str:
        return 'Token realm="api"'

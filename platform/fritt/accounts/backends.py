"""The login backend: local passwords, with the lockout applied on every login path."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from .selectors import login_locked
from .services import clear_failed_logins, record_failed_login


def client_ip(request) -> str | None:
    """The client's address: the socket's, or the one the trusted proxies put in front of us."""
    if request is None:
        return None
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops and forwarded:
        chain = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(chain) >= hops:
            # Each trusted proxy appends the address it saw; anything further left is the
            # client's own claim and could be forged.
            return chain[-hops]
    return request.META.get("REMOTE_ADDR") or None


class LockoutModelBackend(ModelBackend):
    """ModelBackend that refuses a paused account or address before looking at the password.

    Being the backend (not the login form) it covers every way in: our login page on the
    national site and each municipality's site, and the admin's login.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.LOCAL_LOGIN_ENABLED:
            # The operator's switch covers every way in, the admin's login page included.
            return None
        email = username if username is not None else kwargs.get("email", "")
        ip = client_ip(request)
        if login_locked(email=email or "", ip=ip):
            # PermissionDenied stops authenticate() from trying further backends.
            raise PermissionDenied
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            if password is not None:
                record_failed_login(email=email or "", ip=ip)
        else:
            clear_failed_logins(email=email or "")
        return user

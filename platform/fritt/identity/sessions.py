"""Session rules: a session ends after inactivity, and some actions need a recent login."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .services import SESSION_LOGIN_AT, SESSION_PROVIDER

SESSION_SEEN_AT = "identity_seen_at"
# Writing the session on every request would cost a query each; a minute's precision will do.
_SEEN_PRECISION_SECONDS = 60


class SessionIdleTimeoutMiddleware:
    """Ends a session that has been idle longer than SESSION_IDLE_TIMEOUT_SECONDS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = time.time()
        if request.user.is_authenticated:
            seen = request.session.get(SESSION_SEEN_AT)
            if seen and now - seen > settings.SESSION_IDLE_TIMEOUT_SECONDS:
                logout(request)
                messages.info(
                    request, _("Du ble logget ut fordi du ikke har vært aktiv på en stund.")
                )
                return redirect_to_login(request.get_full_path())
        response = self.get_response(request)
        # Only a request that went through counts as activity (and only it may write the
        # session: a refused request changes nothing, tests/security checks that).
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and response.status_code < 300:
            seen = request.session.get(SESSION_SEEN_AT)
            if not seen or now - seen > _SEEN_PRECISION_SECONDS:
                request.session[SESSION_SEEN_AT] = now
        return response


def has_recent_login(request) -> bool:
    """Every login path stamps the session (password, TOTP, national login); a session
    without a stamp was opened before this rule existed (or by a test's force_login) and
    counts as recent until it ends (SESSION_COOKIE_AGE at most)."""
    logged_in_at = request.session.get(SESSION_LOGIN_AT)
    if logged_in_at is None:
        return True
    return time.time() - logged_in_at <= settings.RECENT_LOGIN_SECONDS


def _back_to(request) -> str:
    """Where to return after logging in again: the page itself, or for a form the page it
    was posted from (the post itself is not replayed)."""
    if request.method == "GET":
        return request.get_full_path()
    referer = urlsplit(request.META.get("HTTP_REFERER", ""))
    if referer.hostname == request.get_host().split(":")[0] and referer.path:
        return referer.path + (f"?{referer.query}" if referer.query else "")
    return "/"


def recent_login_required(view: Callable) -> Callable:
    """Changing a recipient's data or exporting it needs a login within RECENT_LOGIN_SECONDS:
    a national login goes to the provider for a fresh one (prompt=login), a local one to the
    login page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated and not has_recent_login(request):
            back = _back_to(request)
            provider = request.session.get(SESSION_PROVIDER)
            messages.info(
                request, _("Logg inn på nytt for å fortsette. Det beskytter opplysningene.")
            )
            if provider:
                return redirect(f"/innlogging/{provider}/?" + urlencode({"ny": "1", "neste": back}))
            logout(request)
            return redirect_to_login(back)
        return view(request, *args, **kwargs)

    return wrapper

"""The login round trip (start, callback), the provider's logout, and front-channel logout."""

from __future__ import annotations

import dataclasses
import logging
import time

from django import forms
from django.conf import settings
from django.contrib.auth import login as auth_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt

from fritt.accounts.access import public_page
from fritt.accounts.selectors import landing_path

from . import client, services
from .errors import IdentityError

logger = logging.getLogger(__name__)

SESSION_PENDING = "identity_pending"
BIND_SESSION_KEY = "identity_bind_user"


def _safe_next(request, candidate: str | None, default: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def required_level(request, provider: str) -> str:
    """The level to ask for: the municipality's choice for its citizens, else the default."""
    if provider == "idporten":
        chosen = getattr(getattr(request, "tenant", None), "citizen_login_level", "")
        if chosen in client.LEVELS:
            return chosen
    return settings.IDPORTEN_DEFAULT_ACR


def failed(request, code: IdentityError, *, status: int = 400) -> HttpResponse:
    return render(
        request,
        "identity/failed.html",
        {"code": str(code), "provider": request.session.get(services.SESSION_PROVIDER)},
        status=status,
    )


@public_page
@never_cache
def start(request, provider: str):
    """Leave for ID-porten or Ansattporten; `?neste=` is where to land afterwards,
    `?ny=1` asks the provider for a fresh login (the recent-login check)."""
    if provider not in ("idporten", "ansattporten"):
        raise Http404
    if not client.enabled(provider):
        return failed(request, IdentityError.DISABLED, status=404)
    next_path = _safe_next(request, request.GET.get("neste"), "")
    try:
        url, pending = client.authorization_request(
            provider=provider,
            redirect_uri=request.build_absolute_uri("/innlogging/callback/"),
            acr=required_level(request, provider),
            next_path=next_path,
            prompt_login=request.GET.get("ny") == "1",
            bind_user=request.session.get(BIND_SESSION_KEY),
        )
    except client.LoginFailed as exc:
        logger.warning("Innlogging kunne ikke starte: %s", exc.code)
        return failed(request, exc.code, status=502)
    # Several tabs may be logging in at once: each state is its own entry, used once.
    pendings = {
        state: value
        for state, value in request.session.get(SESSION_PENDING, {}).items()
        if time.time() - value["created"] < settings.OIDC_STATE_MAX_AGE_SECONDS
    }
    pendings[pending.state] = dataclasses.asdict(pending)
    request.session[SESSION_PENDING] = pendings
    return redirect(url)


@public_page
@never_cache
def callback(request):
    pendings = request.session.get(SESSION_PENDING, {})
    state = request.GET.get("state", "")
    stored = pendings.pop(state, None)
    request.session[SESSION_PENDING] = pendings
    if stored is None:
        # Unknown, already used, or from another browser: never a login.
        return failed(request, IdentityError.STATE)
    pending = client.Pending(**stored)
    if time.time() - pending.created > settings.OIDC_STATE_MAX_AGE_SECONDS:
        return failed(request, IdentityError.STATE)
    if request.GET.get("error"):
        return failed(request, IdentityError.CANCELLED)
    code = request.GET.get("code", "")
    if not code:
        return failed(request, IdentityError.TOKEN)
    try:
        login = client.finish(pending=pending, code=code)
    except client.LoginFailed as exc:
        # The code only: the detail may name claims, never the person, but keep logs lean.
        logger.warning("Innlogging avvist (%s, %s)", pending.provider, exc.code)
        return failed(request, exc.code, status=403 if exc.code == IdentityError.LEVEL else 400)
    request.session[services.SESSION_PROVIDER] = login.provider
    request.session[BIND_SESSION_KEY] = pending.bind_user
    for path in settings.IDENTITY_SIGN_IN_HANDLERS.get(login.provider, []):
        outcome = import_string(path)(request=request, login=login)
        if outcome is None:
            continue
        if outcome.response is not None:
            return outcome.response
        request.session.pop(BIND_SESSION_KEY, None)
        auth_login(request, outcome.user, backend="fritt.identity.backends.NationalLoginBackend")
        services.note_login(request=request, user=outcome.user, login=login)
        municipality = getattr(request, "tenant", None)
        default = outcome.next_path or landing_path(user=outcome.user, municipality=municipality)
        return redirect(_safe_next(request, pending.next_path, default))
    request.session.pop(BIND_SESSION_KEY, None)
    return failed(request, IdentityError.UNKNOWN_PERSON, status=403)


@public_page
@never_cache
@xframe_options_exempt
def frontchannel_logout(request):
    """The provider loads this (in a frame) when its session ends: ours ends with it."""
    issuer, sid = request.GET.get("iss", ""), request.GET.get("sid", "")
    if (
        issuer
        and sid
        and issuer.rstrip("/")
        in {
            (settings.IDPORTEN_ISSUER or "").rstrip("/"),
            (settings.ANSATTPORTEN_ISSUER or "").rstrip("/"),
        }
    ):
        services.end_provider_session(issuer=issuer, sid=sid)
    response = HttpResponse("", content_type="text/plain")
    response["Cache-Control"] = "no-store"
    # Only the providers may frame this; our usual policy (no framing) would block it.
    ancestors = " ".join(
        issuer for issuer in (settings.IDPORTEN_ISSUER, settings.ANSATTPORTEN_ISSUER) if issuer
    )
    response["Content-Security-Policy"] = (
        f"default-src 'none'; frame-ancestors {ancestors or 'none'}"
    )
    return response


TOTP_PENDING = "identity_totp_pending"
TOTP_PENDING_SECONDS = 300


class TotpForm(forms.Form):
    code = forms.CharField(
        label=_("Engangskode fra autentiseringsappen"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def start_second_factor(request, *, user, next_path: str):
    """Called by the password login: the password was right, the code comes next."""
    request.session[TOTP_PENDING] = {"user": user.pk, "next": next_path, "at": time.time()}
    return redirect("identity:totp")


@public_page
@never_cache
def second_factor(request):
    """The TOTP step after a right password: set up the app the first time, then a code."""
    from django.contrib.auth import get_user_model

    from fritt.accounts.backends import client_ip

    from . import totp
    from .models import TotpDevice

    pending = request.session.get(TOTP_PENDING)
    if not pending or time.time() - pending["at"] > TOTP_PENDING_SECONDS:
        # Only reachable from a right password a few minutes ago: otherwise, start again.
        request.session.pop(TOTP_PENDING, None)
        return failed(request, IdentityError.STATE)
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        return failed(request, IdentityError.STATE)
    device = TotpDevice.objects.filter(user=user).first()
    if device is None and not pending.get("secret"):
        pending["secret"] = totp.new_secret()
        request.session[TOTP_PENDING] = pending
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code, ip = form.cleaned_data["code"], client_ip(request)
        try:
            if device is None:
                services.enrol_totp(user=user, secret=pending["secret"], code=code, ip=ip)
            else:
                services.verify_totp(user=user, code=code, ip=ip)
        except ValidationError as exc:
            form.add_error("code" if getattr(exc, "field", None) == "code" else None, exc)
        except PermissionDenied as exc:
            code = getattr(exc, "code", None)
            form.add_error(None, ValidationError(getattr(exc, "message", str(exc)), code=code))
        else:
            request.session.pop(TOTP_PENDING, None)
            auth_login(request, user, backend="fritt.accounts.backends.LockoutModelBackend")
            request.session[services.SESSION_LOGIN_AT] = time.time()
            municipality = getattr(request, "tenant", None)
            default = landing_path(user=user, municipality=municipality)
            return redirect(_safe_next(request, pending.get("next"), default))
    context = {"form": form, "enrol": device is None}
    if device is None:
        context["secret"] = pending["secret"]
        context["uri"] = totp.provisioning_uri(pending["secret"], account=user.email)
    return render(request, "identity/totp.html", context)

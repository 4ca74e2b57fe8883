"""Writes of the identity room: binding a national login to an account, opening and ending
the platform session that goes with a provider's session."""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone

from fritt.events.services import record

from .client import VerifiedLogin
from .models import ExternalIdentity, ProviderSession

SESSION_LOGIN_AT = "identity_login_at"
SESSION_PROVIDER = "identity_provider"
SESSION_ACR = "identity_acr"
SESSION_ORGANISATIONS = "identity_organisations"


@dataclass(frozen=True)
class SignIn:
    """A domain handler's answer to a login: an account to log in (and where to go), or a page
    to show instead (say, nobody found). None from a handler means "not mine, ask the next"."""

    user: object | None = None
    next_path: str | None = None
    response: HttpResponse | None = None


def subject_key(*, provider: str, pid: str) -> str:
    """A keyed hash of the person's number: the account is found again without storing it."""
    secret = getattr(settings, "IDENTITY_SUBJECT_KEY", "") or settings.SECRET_KEY
    return hmac.new(secret.encode(), f"{provider}:{pid}".encode(), hashlib.sha256).hexdigest()


def user_for_login(*, login: VerifiedLogin):
    """The account bound to this person at this provider, if any."""
    key = subject_key(provider=login.provider, pid=login.pid)
    found = (
        ExternalIdentity.objects.select_related("user")
        .filter(provider=login.provider, subject_key=key)
        .first()
    )
    return found.user if found and found.user.is_active else None


@transaction.atomic
def bind_person(*, provider: str, pid: str, user=None, full_name: str = ""):
    """Bind the person to `user`, or to a new account of their own when none is given.

    A new account has no password and no real e-mail: it is entered only through the
    provider. A person already bound keeps their account (callers refuse a move)."""
    key = subject_key(provider=provider, pid=pid)
    existing = ExternalIdentity.objects.filter(provider=provider, subject_key=key).first()
    if existing is not None:
        return existing.user
    if user is None:
        user = get_user_model().objects.create_user(
            f"{provider}-{key[:20]}@innlogging.invalid", None, full_name=full_name[:200]
        )
    identity = ExternalIdentity.objects.create(provider=provider, subject_key=key, user=user)
    record(
        action="identity.bound",
        subject=identity,
        by=user,
        data={"provider": provider, "user": user.pk},
    )
    return user


def bind_login(*, login: VerifiedLogin, user=None):
    """bind_person for a checked login."""
    return bind_person(provider=login.provider, pid=login.pid, user=user, full_name=login.name)


@transaction.atomic
def note_login(*, request, user, login: VerifiedLogin) -> None:
    """After `django.contrib.auth.login`: remember the provider's session and the level, for
    front-channel logout and the recent-login check."""
    if not request.session.session_key:
        request.session.save()
    ExternalIdentity.objects.filter(
        provider=login.provider, subject_key=subject_key(provider=login.provider, pid=login.pid)
    ).update(last_login_at=timezone.now())
    if login.sid:
        ProviderSession.objects.create(
            issuer=login.issuer, sid=login.sid, session_key=request.session.session_key, user=user
        )
    record(
        action="identity.logged_in",
        subject=("accounts.user", user.pk),
        by=user,
        data={"provider": login.provider, "acr": login.acr},
    )
    request.session[SESSION_LOGIN_AT] = time.time()
    request.session[SESSION_PROVIDER] = login.provider
    request.session[SESSION_ACR] = login.acr
    request.session[SESSION_ORGANISATIONS] = list(login.organisations)


@transaction.atomic
def end_provider_session(*, issuer: str, sid: str) -> int:
    """Front-channel logout: end every platform session the provider's session opened."""
    ended = 0
    for row in ProviderSession.objects.filter(issuer=issuer.rstrip("/"), sid=sid):
        SessionStore(session_key=row.session_key).delete()
        record(
            action="identity.session_ended",
            subject=("accounts.user", row.user_id),
            data={"by": "frontchannel"},
        )
        row.delete()
        ended += 1
    return ended


def needs_second_factor(user) -> bool:
    """A local-password login of someone who can see recipients' data needs TOTP too.
    (ID-porten and Ansattporten logins are already two-factor at the levels we ask for.)"""
    from fritt.accounts.models import RoleAssignment

    return RoleAssignment.objects.filter(
        user=user, role__in=list(settings.TOTP_REQUIRED_ROLES)
    ).exists()


def _refuse_code(*, user, ip: str | None) -> None:
    from django.utils.translation import gettext as _

    from fritt.accounts.services import record_failed_login
    from fritt.errors import DomainError

    from .errors import IdentityError

    # Wrong codes count towards the same lockout as wrong passwords; committed even though
    # the caller raises (the count must survive the refusal).
    with transaction.atomic():
        record_failed_login(email=user.email, ip=ip)
    raise DomainError(
        IdentityError.TOTP_CODE,
        _("Koden stemmer ikke. Skriv de seks sifrene appen viser nå."),
        field="code",
    )


def _refuse_if_locked(*, user, ip: str | None) -> None:
    from django.utils.translation import gettext as _

    from fritt.accounts.selectors import login_locked
    from fritt.errors import NotAllowed

    from .errors import IdentityError

    if login_locked(email=user.email, ip=ip):
        raise NotAllowed(
            IdentityError.TOTP_LOCKED,
            _("For mange mislykkede innlogginger. Vent 15 minutter og prøv igjen."),
        )


def enrol_totp(*, user, secret: str, code: str, ip: str | None = None):
    """Save the authenticator app the person has just set up, proved by a code from it."""
    from . import totp
    from .models import TotpDevice

    _refuse_if_locked(user=user, ip=ip)
    step = totp.matching_step(secret, code)
    if step is None:
        _refuse_code(user=user, ip=ip)
    with transaction.atomic():
        device, _created = TotpDevice.objects.update_or_create(
            user=user,
            defaults={
                "secret_encrypted": totp.encrypt(secret),
                "confirmed_at": timezone.now(),
                "last_step": step,
            },
        )
        record(action="totp.enrolled", subject=device, by=user, data={"user": user.pk})
    return device


def verify_totp(*, user, code: str, ip: str | None = None) -> None:
    """Accept a code from the person's app once (a code seen before is refused)."""
    from . import totp
    from .models import TotpDevice

    _refuse_if_locked(user=user, ip=ip)
    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().get(user=user)
        step = totp.matching_step(
            totp.decrypt(device.secret_encrypted), code, after=device.last_step
        )
        if step is not None:
            device.last_step = step
            device.save(update_fields=["last_step"])
            return
    _refuse_code(user=user, ip=ip)

"""Writes about users and roles: creating accounts, assigning roles, inviting staff, lockout."""

from __future__ import annotations

import datetime
import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.models import TenantMixin  # the municipality, whatever its app

from fritt.accounts.errors import AccountError
from fritt.celery_app import send_after_commit
from fritt.errors import DomainError, NotAllowed
from fritt.events.services import state_change

from .models import ApiToken, LoginFailure, LoginLockout, RoleAssignment, User
from .roles import MUNICIPAL_ROLES, NATIONAL_ROLES, SUPPLIER_ROLES, Role
from .selectors import (
    forget_roles,
    hash_api_secret,
    login_account_key,
    may_have_api_token,
    roles_in_municipality,
)

logger = logging.getLogger(__name__)


@state_change("user.created")
def create_user(*, email: str, full_name: str, password: str | None = None) -> User:
    email = (email or "").strip().lower()
    if User.objects.filter(email=email).exists():
        raise DomainError(
            AccountError.DUPLICATE_EMAIL,
            _("Det finnes allerede en bruker med e-post %(email)s."),
            params={"email": email},
        )
    return User.objects.create_user(email, password, full_name=full_name.strip())


@state_change("role.assigned")
def assign_role(
    *,
    user: User,
    role: str,
    municipality: TenantMixin | None = None,
    supplier=None,
    created_by: User | None = None,
) -> RoleAssignment:
    """Give a user a role in its scope; the scope must fit the role."""
    if role in MUNICIPAL_ROLES and (municipality is None or supplier is not None):
        raise DomainError(AccountError.SCOPE, _("En kommunal rolle må gjelde én kommune."))
    if role in SUPPLIER_ROLES and (supplier is None or municipality is not None):
        raise DomainError(AccountError.SCOPE, _("En leverandørrolle må gjelde én leverandør."))
    if role in NATIONAL_ROLES and (municipality is not None or supplier is not None):
        raise DomainError(
            AccountError.SCOPE, _("En nasjonal rolle kan ikke knyttes til en kommune.")
        )
    if role not in Role.values:
        raise DomainError(AccountError.ROLE, _("Ukjent rolle: %(role)s."), params={"role": role})
    assignment, _created = RoleAssignment.objects.get_or_create(
        user=user,
        role=role,
        municipality=municipality,
        supplier=supplier,
        defaults={"created_by": created_by},
    )
    forget_roles()
    return assignment


@state_change("staff.invited")
def invite_municipal_staff(
    *, invited_by: User, municipality: TenantMixin, email: str, full_name: str, role: str
) -> RoleAssignment:
    """A municipal admin gives a colleague a role; the colleague gets a welcome mail.

    The mail is sent by the tenant-aware worker after commit, in the municipality's schema,
    where the outbox records it.
    """
    from fritt.notifications.tasks import send_welcome_mail

    if Role.MUNICIPAL_ADMIN not in roles_in_municipality(
        user=invited_by, municipality=municipality
    ):
        raise NotAllowed(
            AccountError.NOT_MUNICIPAL_ADMIN,
            _("Bare kommunens administrator kan invitere ansatte."),
        )
    if role not in MUNICIPAL_ROLES:
        raise DomainError(AccountError.ROLE, _("Velg en kommunal rolle."))
    with transaction.atomic():
        user = User.objects.filter(email=(email or "").strip().lower()).first()
        if user is None:
            user = create_user(email=email, full_name=full_name)
        assignment = assign_role(
            user=user, role=role, municipality=municipality, created_by=invited_by
        )
        send_after_commit(send_welcome_mail, user.pk, role)
    return assignment


def _require_admin_of(by: User, assignment: RoleAssignment) -> None:
    if assignment.municipality_id is None or Role.MUNICIPAL_ADMIN not in roles_in_municipality(
        user=by, municipality=assignment.municipality
    ):
        raise NotAllowed(
            AccountError.NOT_MUNICIPAL_ADMIN,
            _("Bare kommunens administrator kan endre ansattes roller."),
        )


def _require_another_admin(assignment: RoleAssignment) -> None:
    """A municipality is never left without an administrator: nobody could then give roles."""
    if assignment.role != Role.MUNICIPAL_ADMIN:
        return
    others = (
        RoleAssignment.objects.filter(
            municipality_id=assignment.municipality_id, role=Role.MUNICIPAL_ADMIN
        )
        .exclude(user_id=assignment.user_id)
        .exists()
    )
    if not others:
        raise DomainError(
            AccountError.LAST_ADMIN,
            _(
                "Kommunen må ha minst én administrator. Gi en kollega rollen som administrator "
                "først."
            ),
        )


@state_change("role.changed", subject="assignment")
@transaction.atomic
def change_municipal_role(*, by: User, assignment: RoleAssignment, role: str) -> RoleAssignment:
    """A municipal admin gives a colleague another role in place of this one."""
    _require_admin_of(by, assignment)
    if role not in MUNICIPAL_ROLES:
        raise DomainError(AccountError.ROLE, _("Velg en kommunal rolle."))
    if role == assignment.role:
        return assignment
    _require_another_admin(assignment)
    existing = RoleAssignment.objects.filter(
        user_id=assignment.user_id, municipality_id=assignment.municipality_id, role=role
    ).first()
    if existing is not None:  # already held: the changed assignment simply goes
        assignment.delete()
        forget_roles()
        return existing
    assignment.role = role
    assignment.save(update_fields=["role"])
    forget_roles()
    return assignment


@state_change("role.removed", subject="assignment")
@transaction.atomic
def remove_municipal_role(*, by: User, assignment: RoleAssignment) -> None:
    """A municipal admin takes a role away (the account stays; it may hold other roles)."""
    _require_admin_of(by, assignment)
    _require_another_admin(assignment)
    assignment.delete()
    forget_roles()


def _lock_past_limit(
    *, scope: str, key: str, failures: QuerySet, limit: int, now: datetime.datetime, who: str
) -> None:
    """Pause logins for `key` once its failures in the window reach `limit` (once: a lockout
    already running is not extended)."""
    count = failures.count()
    if count < limit:
        return
    if LoginLockout.objects.filter(scope=scope, key=key, locked_until__gt=now).exists():
        return
    LoginLockout.objects.create(
        scope=scope,
        key=key,
        locked_until=now + datetime.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS),
    )
    logger.warning("Innlogging sperret (%s, %s, %s feil) i %s sekunder", scope, who, count,
                   settings.LOGIN_LOCKOUT_SECONDS)  # fmt: skip


@transaction.atomic
def record_failed_login(*, email: str, ip: str | None) -> None:
    """Count a wrong password (or an unknown e-mail, alike) and pause logins past the limits:
    one for the account, tried from anywhere, and one for the address, trying any account."""
    now = timezone.now()
    recent = LoginFailure.objects.filter(
        created_at__gte=now - datetime.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    )
    key = login_account_key(email)
    LoginFailure.objects.create(account_key=key, ip=ip, created_at=now)
    # The account appears by the first characters of its keyed hash, never by its e-mail.
    _lock_past_limit(
        scope=LoginLockout.Scope.ACCOUNT, key=key, failures=recent.filter(account_key=key),
        limit=settings.LOGIN_FAILURE_LIMIT, now=now,
        who=f"konto {key[:12]} fra {ip or 'ukjent adresse'}",
    )  # fmt: skip
    if ip:
        _lock_past_limit(
            scope=LoginLockout.Scope.IP, key=ip, failures=recent.filter(ip=ip),
            limit=settings.LOGIN_IP_FAILURE_LIMIT, now=now, who=f"adresse {ip}",
        )  # fmt: skip


@transaction.atomic
def clear_failed_logins(*, email: str) -> None:
    """A successful login starts the account's count afresh (the address keeps its own)."""
    LoginFailure.objects.filter(account_key=login_account_key(email)).delete()


@transaction.atomic
def purge_old_login_records(*, now: datetime.datetime | None = None) -> int:
    """Drop failures and lockouts older than a day; they no longer count for anything."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=1)
    failures, _by_model = LoginFailure.objects.filter(created_at__lt=cutoff).delete()
    lockouts, _by_model = LoginLockout.objects.filter(locked_until__lt=cutoff).delete()
    return failures + lockouts


@dataclass(frozen=True)
class IssuedApiToken:
    token: ApiToken
    secret: str  # the whole token to give the system; it is not stored and cannot be shown again


@state_change("api_token.issued")
@transaction.atomic
def issue_api_token(*, user: User, days: int = 90, replace: bool = False) -> IssuedApiToken:
    """A new API token for an account that may have one; with `replace`, older ones stop."""
    if not may_have_api_token(user):
        raise DomainError(
            AccountError.NOT_CASE_WORKER,
            _(
                "%(email)s er ikke saksbehandler for tjenestemottakere i noen kommune, og heller "
                "ikke leverandørbruker; bare de kan få en API-nøkkel."
            ),
            params={"email": user.email},
        )
    if days < 1 or days > 366:
        raise DomainError(
            AccountError.TOKEN_LIFETIME, _("En API-nøkkel kan gjelde fra 1 til 366 dager.")
        )
    now = timezone.now()
    if replace:
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        prefix=prefix,
        secret_hash=hash_api_secret(secret),
        created_at=now,
        expires_at=now + datetime.timedelta(days=days),
    )
    return IssuedApiToken(token=token, secret=f"fbv_{prefix}_{secret}")


@state_change("api_token.revoked")
@transaction.atomic
def revoke_api_tokens(*, user: User) -> int:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def touch_api_token(*, token: ApiToken) -> None:
    """Note when a token was last used (at most once a minute, to spare the database)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


def sign_in_invited_employee(*, request, login) -> object | None:
    """IDENTITY_SIGN_IN_HANDLERS entry for Ansattporten: staff of a municipality or the nation.

    The first login after an invitation binds the person to the invited account (the
    invitation link put the account in the session); later logins find it by the binding.
    Roles stay as the invitation gave them, per municipality."""
    from fritt.identity.services import SignIn, bind_login, user_for_login
    from fritt.identity.views import BIND_SESSION_KEY, failed

    from .errors import AccountError

    invited_pk = request.session.get(BIND_SESSION_KEY)
    bound = user_for_login(login=login)
    if invited_pk:
        invited = User.objects.filter(pk=invited_pk, is_active=True).first()
        if invited is None:
            return None
        if bound is not None and bound.pk != invited.pk:
            # The person already has an account; an invitation cannot move them to another.
            return SignIn(response=failed(request, AccountError.ALREADY_BOUND, status=403))
        if invited.external_identities.filter(provider=login.provider).exists() and bound is None:
            return SignIn(response=failed(request, AccountError.ALREADY_BOUND, status=403))
        user = bind_login(login=login, user=invited)
        return SignIn(user=user)
    if bound is None:
        return None
    has_staff_role = RoleAssignment.objects.filter(user=bound, supplier__isnull=True).exists()
    return SignIn(user=bound) if has_staff_role and not login.organisations else None

"""Reads about users and roles: who may do what, and where."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_tenants.models import TenantMixin  # the municipality, whatever its app

from .models import ApiToken, LoginLockout, RoleAssignment, User
from .roles import CAPABILITIES, MUNICIPAL_ROLES, SUPPLIER_ROLES, Role


def assignments_of(user: User) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(user=user).select_related("municipality", "supplier")


# Roles read once per request: every page asks "may this user…" many times (the gate, the
# decorators, the access log once per row), and each ask was a query. The cache lives only as
# long as one request (`roles_cached`, entered by `RoleCacheMiddleware`); outside a request
# (services called by the worker or a test) every ask reads the database.
_role_cache: ContextVar[dict | None] = ContextVar("fritt_role_cache", default=None)


@contextmanager
def roles_cached() -> Iterator[None]:
    token = _role_cache.set({})
    try:
        yield
    finally:
        _role_cache.reset(token)


def forget_roles() -> None:
    """Drop what this request has read about roles (a service has just changed them)."""
    cache = _role_cache.get()
    if cache is not None:
        cache.clear()


def _cached(key: tuple, read: Callable[[], set[str]]) -> set[str]:
    cache = _role_cache.get()
    if cache is None:
        return read()
    if key not in cache:
        cache[key] = frozenset(read())
    return set(cache[key])


def roles_in_municipality(*, user: User, municipality: TenantMixin) -> set[str]:
    if not user.is_authenticated or municipality is None:
        return set()
    return _cached(
        ("municipality", user.pk, municipality.pk),
        lambda: set(
            RoleAssignment.objects.filter(
                user=user, municipality=municipality, role__in=sorted(MUNICIPAL_ROLES)
            ).values_list("role", flat=True)
        ),
    )


def national_roles(user: User) -> set[str]:
    if not user.is_authenticated:
        return set()
    return _cached(
        ("national", user.pk),
        lambda: set(
            RoleAssignment.objects.filter(
                user=user, municipality__isnull=True, supplier__isnull=True
            ).values_list("role", flat=True)
        ),
    )


def supplier_roles(user: User) -> set[str]:
    """The supplier roles the user holds in any supplier (read once per request)."""
    if not user.is_authenticated:
        return set()
    return _cached(
        ("supplier", user.pk),
        lambda: set(supplier_assignments(user).values_list("role", flat=True)),
    )


def supplier_assignments(user: User) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(user=user, role__in=sorted(SUPPLIER_ROLES)).select_related(
        "supplier"
    )


def may_enter_municipality(*, user: User, municipality: TenantMixin) -> bool:
    """Staff areas of a municipality's site: only its own staff.

    Being logged in is never enough; a Bergen officer on Trondheim's site is refused.
    Suppliers enter where they have business once applications and assignments exist.
    """
    return bool(roles_in_municipality(user=user, municipality=municipality))


def capabilities(roles: set[str]) -> list[str]:
    caps: set[str] = set()
    for role in roles:
        caps |= CAPABILITIES.get(role, frozenset())
    return sorted(caps)


def municipal_staff(municipality: TenantMixin) -> QuerySet[RoleAssignment]:
    return (
        RoleAssignment.objects.filter(municipality=municipality)
        .select_related("user")
        .order_by("user__full_name", "role")
    )


def landing_path(*, user: User, municipality: TenantMixin | None) -> str:
    """Where a user lands after logging in on a given site."""
    if municipality is not None:
        return "/ansatt/" if roles_in_municipality(user=user, municipality=municipality) else "/"
    roles = national_roles(user)
    if Role.PLATFORM_OPERATOR in roles:
        return "/drift/"
    if Role.MINISTRY_ANALYST in roles:
        return "/statistikk/"
    if supplier_roles(user):
        return "/leverandor/"
    return "/min-side/"


def login_account_key(email: str) -> str:
    """The keyed hash a login's e-mail is counted under (the same for unknown addresses)."""
    normalized = (email or "").strip().lower()
    return hmac.new(
        settings.SECRET_KEY.encode(), f"login:{normalized}".encode(), hashlib.sha256
    ).hexdigest()


def login_locked(*, email: str, ip: str | None) -> bool:
    """Whether logins for this e-mail, or from this client address, are paused right now."""
    now = timezone.now()
    keys = Q(scope=LoginLockout.Scope.ACCOUNT, key=login_account_key(email))
    if ip:
        keys |= Q(scope=LoginLockout.Scope.IP, key=ip)
    return LoginLockout.objects.filter(keys, locked_until__gt=now).exists()


def may_have_api_token(user: User) -> bool:
    """Who may get an API token: case workers (the recipients API) and supplier users (the
    delivered-service API of the municipalities where their company has assignments)."""
    roles = {Role.CASE_WORKER, *SUPPLIER_ROLES}
    return user.is_active and user.role_assignments.filter(role__in=sorted(roles)).exists()


def api_token_scopes(user: User) -> list[str]:
    """Where the user's token works: municipalities (slugs) for a case worker, and for a
    supplier user every municipality where the company has assignments ("leverandør")."""
    scopes = sorted(
        RoleAssignment.objects.filter(user=user, role=Role.CASE_WORKER).values_list(
            "municipality__slug", flat=True
        )
    )
    if supplier_assignments(user).exists():
        scopes.append("leverandør")
    return scopes


def hash_api_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def user_for_api_token(token: str) -> tuple[User, ApiToken] | None:
    """The account behind a presented token, if it is known, unexpired and not revoked."""
    try:
        label, prefix, secret = token.split("_", 2)
    except ValueError:
        return None
    if label != "fbv" or not prefix or not secret:
        return None
    found = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if found is None or not hmac.compare_digest(found.secret_hash, hash_api_secret(secret)):
        return None
    if found.revoked_at is not None or found.expires_at <= timezone.now():
        return None
    if not found.user.is_active:
        return None
    return found.user, found

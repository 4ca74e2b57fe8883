"""Access rules for views: public pages, role requirements, and the municipality gate."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from .roles import MUNICIPAL_ROLES, NATIONAL_ROLES, SUPPLIER_ROLES
from .selectors import (
    may_enter_municipality,
    national_roles,
    roles_cached,
    roles_in_municipality,
    supplier_roles,
)


def public_page(view: Callable) -> Callable:
    """Mark a view on a municipality's site as open to everyone (no staff check)."""
    view.fritt_public = True
    return view


def login_page(view: Callable) -> Callable:
    """Mark a view on a municipality's site that is not for staff but for people outside it
    (a supplier with assignments here, a recipient or proxy): login is required and the view
    itself must check that the user has business with *this* municipality."""
    view.fritt_login_only = True
    return view


def _marked(view_func, attribute: str) -> bool:
    for candidate in (
        view_func,
        getattr(view_func, "view_class", None),
        getattr(view_func, "cls", None),
    ):
        if candidate is not None and getattr(candidate, attribute, False):
            return True
    return False


def _is_public(view_func) -> bool:
    return _marked(view_func, "fritt_public")


def forbidden(request, *, reason: str | None = None):
    return render(
        request,
        "web/forbidden.html",
        {"reason": reason, "municipality": getattr(request, "tenant", None)},
        status=403,
    )


class RoleCacheMiddleware:
    """Reads each user's roles at most once per request (see `accounts.selectors._cached`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with roles_cached():
            return self.get_response(request)


class MunicipalityAccessMiddleware:
    """Default-deny on municipality sites: every non-public view needs staff of *that* municipality.

    A valid session is not enough. This is where a Bergen user on Trondheim's site gets 403.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        municipality = getattr(request, "tenant", None)
        if municipality is None or _is_public(view_func):
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if _marked(view_func, "fritt_login_only"):
            return None
        if not may_enter_municipality(user=request.user, municipality=municipality):
            return forbidden(request)
        return None


def user_has_any_role(request, roles: frozenset[str] | set[str]) -> bool:
    user = request.user
    if not user.is_authenticated:
        return False
    municipality = getattr(request, "tenant", None)
    held: set[str] = set()
    if roles & MUNICIPAL_ROLES and municipality is not None:
        held |= roles_in_municipality(user=user, municipality=municipality)
    if roles & NATIONAL_ROLES:
        held |= national_roles(user)
    if roles & SUPPLIER_ROLES:
        held |= supplier_roles(user)
    return bool(held & set(roles))


def role_required(*roles: str) -> Callable:
    """Require one of `roles`, in the scope of the current site (municipality roles there)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_has_any_role(request, set(roles)):
                return forbidden(request)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator

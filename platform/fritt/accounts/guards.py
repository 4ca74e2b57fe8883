"""The one way a service refuses someone who lacks a role in the current municipality."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from django_tenants.models import TenantMixin

from fritt.errors import NotAllowed
from fritt.tenancy.schemas import current_municipality

from .models import User
from .selectors import roles_in_municipality


def require_municipal_role(
    by: User, roles: Iterable[str], *, code: StrEnum, message: str
) -> TenantMixin:
    """The current municipality, or a coded refusal whose message may name it as %(name)s."""
    municipality = current_municipality()
    if not roles_in_municipality(user=by, municipality=municipality) & set(roles):
        raise NotAllowed(code, message % {"name": municipality.display_name})
    return municipality

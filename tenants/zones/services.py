"""Writes to a municipality's zones."""

from __future__ import annotations

from django.utils.translation import gettext as _

from fritt.errors import DomainError
from fritt.events.services import state_change
from tenants.zones.errors import ZoneError

from .models import Zone


@state_change("zone.created")
def create_zone(*, name: str, description: str = "") -> Zone:
    name = (name or "").strip()
    if not name:
        raise DomainError(ZoneError.REQUIRED, _("Sonen må ha et navn."))
    if Zone.objects.filter(name__iexact=name).exists():
        raise DomainError(
            ZoneError.DUPLICATE_ZONE,
            _("Det finnes allerede en sone som heter %(name)s."),
            params={"name": name},
        )
    return Zone.objects.create(name=name, description=description.strip())

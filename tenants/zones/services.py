"""Writes to a municipality's zones."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Zone


def create_zone(*, name: str, description: str = "") -> Zone:
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Sonen må ha et navn."), code="required")
    if Zone.objects.filter(name__iexact=name).exists():
        raise ValidationError(
            _("Det finnes allerede en sone som heter %(name)s."),
            code="duplicate",
            params={"name": name},
        )
    return Zone.objects.create(name=name, description=description.strip())

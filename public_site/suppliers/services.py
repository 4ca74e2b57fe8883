"""Writes to supplier accounts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from stdnum.no import orgnr as stdnum_orgnr

from fritt.accounts.models import User
from fritt.accounts.roles import Role
from fritt.accounts.services import assign_role

from .models import Supplier


@transaction.atomic
def register_supplier(*, orgnr: str, name: str, admin: User) -> Supplier:
    """Register an organisation and make `admin` its supplier administrator."""
    number = stdnum_orgnr.compact(orgnr or "")
    if not stdnum_orgnr.is_valid(number):
        raise ValidationError(
            _("«%(value)s» er ikke et gyldig organisasjonsnummer."),
            code="invalid_orgnr",
            params={"value": orgnr},
        )
    if Supplier.objects.filter(orgnr=number).exists():
        raise ValidationError(
            _("Organisasjonsnummer %(value)s er allerede registrert."),
            code="duplicate",
            params={"value": number},
        )
    supplier = Supplier.objects.create(orgnr=number, name=name.strip())
    assign_role(user=admin, role=Role.SUPPLIER_ADMIN, supplier=supplier)
    return supplier

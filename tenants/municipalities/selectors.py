"""Reads of the municipality registry."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from fritt.errors import DomainError
from tenants.municipalities.errors import MunicipalityError

from .models import Domain, Lifecycle, Municipality
from .validators import validate_kommunenummer


def get_by_kommunenummer(kommunenummer: str) -> Municipality:
    """Return the registry entry, or raise ValidationError with a Norwegian message."""
    kommunenummer = (kommunenummer or "").strip()
    validate_kommunenummer(kommunenummer)
    try:
        return Municipality.registry.select_related("county").get(kommunenummer=kommunenummer)
    except Municipality.DoesNotExist:
        raise DomainError(
            MunicipalityError.UNKNOWN,
            _("Ukjent kommunenummer: %(value)s finnes ikke i kommuneregisteret."),
            params={"value": kommunenummer},
        )


def registry_list(
    *, county: str | None = None, lifecycle: str | None = None, query: str | None = None
) -> QuerySet[Municipality]:
    qs = Municipality.registry.select_related("county").order_by("kommunenummer")
    if county:
        qs = qs.filter(county_id=county)
    if lifecycle:
        qs = qs.filter(lifecycle=lifecycle)
    if query:
        qs = qs.filter(name_norwegian__icontains=query) | qs.filter(kommunenummer=query)
    return qs


def provisioned() -> QuerySet[Municipality]:
    return Municipality.objects.select_related("county").order_by("kommunenummer")


def primary_domain(municipality: Municipality) -> str | None:
    domain = Domain.objects.filter(tenant=municipality, is_primary=True).first()
    return domain.domain if domain else None


def is_live(municipality: Municipality) -> bool:
    return municipality.lifecycle in {Lifecycle.PROVISIONED, Lifecycle.ACTIVE}

"""Reads of the municipality registry."""

from __future__ import annotations

from django.db.models import Q, QuerySet
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


SUGGESTIONS = 10


def suggest_provisioned(text: str, *, exclude: list[int]) -> list[Municipality]:
    """At most `SUGGESTIONS` municipalities on the platform whose name contains `text` or
    whose kommunenummer starts with it: a search field, not a list of all 357."""
    text = (text or "").strip()[:100]
    if not text:
        return []
    found = Municipality.objects.exclude(pk__in=exclude).filter(
        Q(name_norwegian__icontains=text) | Q(name__icontains=text)
        | Q(kommunenummer__startswith=text)
    )  # fmt: skip
    return list(found.order_by("name_norwegian")[:SUGGESTIONS])


def primary_domain(municipality: Municipality) -> str | None:
    domain = Domain.objects.filter(tenant=municipality, is_primary=True).first()
    return domain.domain if domain else None


def is_live(municipality: Municipality) -> bool:
    return municipality.lifecycle in {Lifecycle.PROVISIONED, Lifecycle.ACTIVE}


def provisioning_progress(municipality: Municipality) -> list[tuple[str, bool]]:
    """The steps of putting a municipality live, each done or not, read from what exists: the
    operator's page shows the worker's progress without the worker reporting it."""
    from django_tenants.utils import schema_exists

    from fritt.accounts.models import RoleAssignment
    from fritt.accounts.roles import Role

    return [
        (_("Databaseskjema opprettet"), schema_exists(municipality.schema_name)),
        (_("Nettadresse koblet til"), Domain.objects.filter(tenant=municipality).exists()),
        (_("Status satt til klargjort"), municipality.is_provisioned),
        (
            _("Første administrator invitert"),
            RoleAssignment.objects.filter(
                municipality=municipality, role=Role.MUNICIPAL_ADMIN
            ).exists(),
        ),
    ]

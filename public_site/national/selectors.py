"""Reads for the national site: aggregates only, never data from inside a municipality."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from tenants.municipalities.models import County, Lifecycle

ON_PLATFORM = Q(municipalities__lifecycle__in=[Lifecycle.PROVISIONED, Lifecycle.ACTIVE])


@dataclass(frozen=True)
class CountyUptake:
    number: str
    name: str
    municipalities: int
    on_platform: int
    population: int
    population_on_platform: int

    @property
    def share_of_population(self) -> float:
        return self.population_on_platform / self.population if self.population else 0.0


def uptake_by_county() -> list[CountyUptake]:
    """One query over the registry, whatever the number of municipalities."""
    rows = County.objects.annotate(
        n=Count("municipalities"),
        n_on=Count("municipalities", filter=ON_PLATFORM),
        pop=Sum("municipalities__population"),
        pop_on=Sum("municipalities__population", filter=ON_PLATFORM),
    ).order_by("number")
    return [CountyUptake(r.number, r.name, r.n, r.n_on, r.pop or 0, r.pop_on or 0) for r in rows]

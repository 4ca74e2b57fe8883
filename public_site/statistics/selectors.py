"""Reads of the facts: a handful of aggregate queries in the public schema, whatever the
number of municipalities; never a loop over schemas."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from public_site.catalogue.models import ServiceType
from tenants.municipalities.models import County, Municipality

from .models import COUNTS, FLOWS, STOCKS, Fact, SchemeFact

# Population bands of the proposed duty (over 5,000 inhabitants must offer free choice).
BANDS = {
    "b1": (0, 5_000),
    "b2": (5_000, 20_000),
    "b3": (20_000, 50_000),
    "b4": (50_000, None),
}
DUTY_POPULATION = 5_000


@dataclass(frozen=True)
class Filters:
    """What the analyst chose: an area, a service (None: all) and a period of whole months."""

    area: str = ""  # "" all of Norway, "f46" a county, "b2" a population band, "k4601" one
    service: int | None = None
    start: datetime.date = field(default_factory=lambda: _default_months()[0])
    end: datetime.date = field(default_factory=lambda: _default_months()[1])

    def municipalities(self) -> QuerySet[Municipality]:
        qs = Municipality.registry.all()
        kind, code = self.area[:1], self.area[1:]
        if kind == "f":
            qs = qs.filter(county_id=code)
        elif kind == "b" and self.area in BANDS:
            low, high = BANDS[self.area]
            qs = qs.filter(population__gte=low)
            if high is not None:
                qs = qs.filter(population__lt=high)
        elif kind == "k":
            qs = qs.filter(kommunenummer=code)
        return qs

    @property
    def whole_country(self) -> bool:
        return not self.area

    @property
    def months(self) -> list[datetime.date]:
        out, month = [], self.start
        while month <= self.end:
            out.append(month)
            month += relativedelta(months=1)
        return out

    def facts(self) -> QuerySet[Fact]:
        qs = Fact.objects.filter(month__lte=self.end)
        if not self.whole_country:
            qs = qs.filter(municipality__in=self.municipalities())
        if self.service is not None:
            qs = qs.filter(Q(service_type_id=self.service))
        return qs


def _default_months() -> tuple[datetime.date, datetime.date]:
    end = timezone.localdate().replace(day=1)
    return end - relativedelta(months=11), end


def parse_month(text: str | None, default: datetime.date) -> datetime.date:
    try:
        return datetime.datetime.strptime(text or "", "%Y-%m").date()
    except ValueError:
        return default


def filters_from(params) -> Filters:
    """Filters from a query string (`omrade`, `tjeneste`, `fra`, `til`); nonsense is ignored."""
    start, end = _default_months()
    area = (params.get("omrade") or "").strip()
    valid_area = (
        area == ""
        or area in BANDS
        or (area[:1] == "f" and County.objects.filter(number=area[1:]).exists())
        or (area[:1] == "k" and Municipality.registry.filter(kommunenummer=area[1:]).exists())
    )
    service = params.get("tjeneste") or ""
    # isdigit() alone lets '²' through, and int() refuses more than 4300 digits.
    number = service.isascii() and service.isdigit() and len(service) < 10
    service_id = int(service) if number else None
    if service_id is not None and not ServiceType.objects.filter(pk=service_id).exists():
        service_id = None
    chosen_end = parse_month(params.get("til"), end)
    chosen_start = parse_month(params.get("fra"), chosen_end - relativedelta(months=11))
    if chosen_start > chosen_end:
        chosen_start = chosen_end
    # A period longer than ten years is cut: the page is for monitoring, not archaeology.
    chosen_start = max(chosen_start, chosen_end - relativedelta(years=10))
    return Filters(
        area=area if valid_area else "", service=service_id, start=chosen_start, end=chosen_end
    )


def levels(filters: Filters) -> dict[tuple[int, int | None], dict[str, int]]:
    """The levels (live schemes, active suppliers, recipients served) per municipality and
    service at the end of the period, for the area (one query)."""
    rows = (
        filters.facts()
        .values("municipality_id", "service_type_id")
        .annotate(**{name: Sum(name) for name in STOCKS})
    )
    return {(r["municipality_id"], r["service_type_id"]): r for r in rows}


def monthly(filters: Filters) -> dict[datetime.date, dict[str, int]]:
    """Every figure per month in the period: flows as counted in the month, levels as at its
    end (running sums from the first fact, one query)."""
    rows = (
        filters.facts()
        .values("month")
        .annotate(**{name: Sum(name) for name in COUNTS})
        .order_by("month")
    )
    running = dict.fromkeys(STOCKS, 0)
    by_month = {}
    for row in rows:
        for name in STOCKS:
            running[name] += row[name] or 0
        by_month[row["month"]] = {
            **{name: row[name] or 0 for name in FLOWS},
            **running,
        }
    out = {}
    level = dict.fromkeys(STOCKS, 0)
    for month in filters.months:
        earlier = [m for m in by_month if m <= month]
        if earlier:
            level = {name: by_month[max(earlier)][name] for name in STOCKS}
        flows = by_month.get(month, {}) if month in by_month else {}
        out[month] = {**{name: flows.get(name, 0) for name in FLOWS}, **level}
    return out


def processing_days(filters: Filters) -> dict[int, int]:
    """{days from submission to decision: applications} decided in the period (one query)."""
    return processing_days_of(filters.facts().filter(month__gte=filters.start))


def processing_days_of(facts: QuerySet[Fact]) -> dict[int, int]:
    """{days from submission to decision: applications} summed over `facts` (one query)."""
    facts = facts.exclude(processing_days={})
    sql, params = facts.values("id").query.sql_with_params()
    # The inner query is Django's own SQL, its parameters kept apart: nothing is interpolated.
    head = "SELECT d.key::int, SUM(d.value::int) FROM statistics_fact f, "
    query = f"{head}jsonb_each_text(f.processing_days) d WHERE f.id IN ({sql}) GROUP BY d.key"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return dict(cursor.fetchall())


def percentile(histogram: dict[int, int], share: float) -> int | None:
    """The smallest number of days within which `share` of the applications were decided."""
    total = sum(histogram.values())
    if not total:
        return None
    seen = 0
    for days in sorted(histogram):
        seen += histogram[days]
        if seen >= share * total:
            return days
    return max(histogram)


@dataclass
class Figures:
    """What the dashboard reads: the levels of every municipality (in the country, for the
    service) at the end of the period, every figure per month of the period and the
    processing days."""

    levels: dict
    months: dict
    days: dict[int, int]
    # The schemes at each closed month's end, when the rollups hold them (else None).
    schemes: dict[datetime.date, SchemeMonth] | None = None


def figures(filters: Filters) -> Figures:
    """From the monthly rollups when they cover the period (a few rows whatever the number of
    municipalities), else from the facts (the same figures, a scan of the facts)."""
    from . import rollups

    rolled = rollups.read(filters)
    if rolled is not None:
        return Figures(rolled.levels, rolled.months, rolled.days, rolled.schemes)
    country = Filters(service=filters.service, start=filters.start, end=filters.end)
    return Figures(
        levels(country),
        monthly(filters),
        processing_days(filters),
    )


@dataclass(frozen=True)
class LiveScheme:
    """A scheme running (now, or at a month's end), as one municipality sees it: a joint
    scheme is one per participating municipality (with the host's approved suppliers),
    besides its host. `scheme` tells the same scheme apart in its several municipalities."""

    scheme: int | tuple[int, int]
    municipality_id: int
    service_type_id: int
    suppliers: int


def live_schemes(service: int | None) -> list[LiveScheme]:
    """Every scheme announced and not ended, with its active approvals, for its host and for
    every municipality taking part in it (two queries over the national announcements)."""
    from public_site.announcements.models import Announcement, AnnouncementStatus

    announcements = Announcement.objects.exclude(status=AnnouncementStatus.ENDED)
    if service is not None:
        announcements = announcements.filter(service_type_id=service)
    rows = list(
        announcements.annotate(n=Count("approved_suppliers", distinct=True)).values_list(
            "pk", "host_id", "service_type_id", "n"
        )
    )
    # A join, not a list of ids: the list would grow with the country's schemes.
    participants = Announcement.participants.through.objects.filter(
        announcement__in=announcements
    ).values_list("announcement_id", "municipality_id")
    taking_part: dict[int, list[int]] = {}
    for announcement_id, municipality_id in participants:
        taking_part.setdefault(announcement_id, []).append(municipality_id)
    return [
        LiveScheme(pk, municipality_id, service_id, n)
        for pk, host_id, service_id, n in rows
        for municipality_id in dict.fromkeys([host_id, *taking_part.get(pk, [])])
    ]


def schemes_by_month(
    filters: Filters, *, area: bool = True
) -> dict[datetime.date, list[LiveScheme]]:
    """The schemes running at the end of each month of the period, each in every municipality
    where it counts (in the area, or in the country), with its active approvals then: running
    sums of the scheme facts (one query)."""
    facts = SchemeFact.objects.filter(month__lte=filters.end)
    if filters.service is not None:
        facts = facts.filter(service_type_id=filters.service)
    if area and not filters.whole_country:
        facts = facts.filter(municipality__in=filters.municipalities())
    rows = facts.order_by("month").values_list(
        "month", "host_id", "scheme_id", "municipality_id", "service_type_id", "live", "suppliers"
    )
    level: dict[tuple[int, int, int, int], list[int]] = {}
    out: dict[datetime.date, list[LiveScheme]] = {}
    pending = iter(rows)
    row = next(pending, None)
    for month in filters.months:
        while row is not None and row[0] <= month:
            cell = level.setdefault(row[1:5], [0, 0])
            cell[0] += row[5]
            cell[1] += row[6]
            row = next(pending, None)
        out[month] = [
            LiveScheme((host, scheme), m, service, suppliers)
            for (host, scheme, m, service), (live, suppliers) in level.items()
            if live > 0
        ]
    return out


@dataclass
class SchemeMonth:
    """The schemes of an area at a month's end, summed: the municipalities they count in,
    their active approvals (a joint scheme's once) and how many schemes have how many."""

    municipalities: int = 0
    approvals: int = 0
    by_suppliers: dict[int, int] = field(default_factory=dict)  # {active approvals: schemes}

    @classmethod
    def of(cls, schemes: list[LiveScheme]) -> SchemeMonth:
        by_suppliers: dict[int, int] = {}
        for s in schemes:
            by_suppliers[s.suppliers] = by_suppliers.get(s.suppliers, 0) + 1
        return cls(
            municipalities=len({s.municipality_id for s in schemes}),
            approvals=sum({s.scheme: s.suppliers for s in schemes}.values()),
            by_suppliers=by_suppliers,
        )

    @property
    def schemes(self) -> int:
        return sum(self.by_suppliers.values())

    @property
    def below_two(self) -> int:
        return sum(n for suppliers, n in self.by_suppliers.items() if suppliers < 2)

    @property
    def median(self) -> float | None:
        """The median of suppliers per scheme, from the counts (as `statistics.median`)."""
        total = self.schemes
        if not total:
            return None
        ordered = sorted(self.by_suppliers.items())

        def at(position: int) -> int:
            seen = 0
            for suppliers, n in ordered:
                seen += n
                if seen > position:
                    return suppliers
            return ordered[-1][0]

        middle = (at((total - 1) // 2) + at(total // 2)) / 2
        return round(middle, 1)

"""Per-month rollups of the facts by area, so the dashboard reads a few dozen rows for the
closed months and only the current month's facts, whatever the number of municipalities.

`rebuild` (nightly, after the reconciliation, and at the end of the demo) sums every closed
month; `invalidate` (from `projection.count` and `reconcile.repair`) drops the rollups from a
month whose facts changed after the build, since the levels of every later month include it;
`read` returns the figures when the rollups cover the period, or None, and the caller then
reads the facts as before. Either way the figures are the same (tested)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Max, Min, Sum

from tenants.municipalities.models import Municipality

from .models import COUNTS, FLOWS, STOCKS, Fact, MonthRollup, SchemeFact

ALL = "0"  # the service key of "all services"
# The schemes at the month's end, each in every municipality where it counts: the number of
# such municipalities, the active approvals (a joint scheme's once) and {approvals: schemes}.
SCHEME_KEYS = ("scheme_municipalities", "scheme_approvals")
NONE = "-"  # a municipality's levels without a service


def band_of(population: int) -> str:
    from .selectors import BANDS

    for key, (low, high) in BANDS.items():
        if population >= low and (high is None or population < high):
            return key
    return "b1"


def _current() -> datetime.date:
    from .projection import month_of

    return month_of(None)


def _add_days(into: dict, days: dict) -> None:
    for key, n in days.items():
        into[key] = into.get(key, 0) + n


def _cells(cells: dict[str, dict[str, dict]]):
    def cell(area: str, key: str) -> dict:
        found = cells[area].get(key)
        if found is None:
            found = dict.fromkeys(COUNTS, 0)
            found.update(processing_days={}, **dict.fromkeys(SCHEME_KEYS, 0))
            found["scheme_suppliers"] = {}
            cells[area][key] = found
        return found

    return cell


@transaction.atomic
def rebuild() -> int:
    """Recompute every closed month's rollups from the facts; returns the rows written."""
    current = _current()
    MonthRollup.objects.all().delete()
    facts = Fact.objects.filter(month__lt=current).order_by("month")
    columns = ("municipality_id", "service_type_id", "month", *COUNTS, "processing_days")
    by_month: dict[datetime.date, list[tuple]] = defaultdict(list)
    for row in facts.values_list(*columns):
        by_month[row[2]].append(row)
    if not by_month:
        return 0
    areas_of = {
        m.pk: ("", f"f{m.county_id}", band_of(m.population))
        for m in Municipality.registry.only("pk", "county_id", "population")
    }
    flow_at = {name: 3 + COUNTS.index(name) for name in FLOWS}
    stock_at = [3 + COUNTS.index(name) for name in STOCKS]
    level: dict[tuple[int, int | None], list[int]] = {}
    rows: list[MonthRollup] = []
    kommunenummer = dict(Municipality.registry.values_list("pk", "kommunenummer"))
    scheme_rows: dict[datetime.date, list[tuple]] = defaultdict(list)
    for row in SchemeFact.objects.filter(month__lt=current).values_list(
        "month", "host_id", "scheme_id", "municipality_id", "service_type_id", "live", "suppliers"
    ):
        scheme_rows[row[0]].append(row)
    scheme_level: dict[tuple, list[int]] = {}
    month = min(by_month)
    while month < current:
        cells: dict[str, dict[str, dict]] = defaultdict(dict)
        cell = _cells(cells)

        for row in by_month.get(month, ()):
            m, s = row[0], row[1]
            keys = (ALL,) if s is None else (ALL, str(s))
            for area in areas_of.get(m, ("",)):
                for key in keys:
                    target = cell(area, key)
                    for name, at in flow_at.items():
                        target[name] += row[at]
                    _add_days(target["processing_days"], row[-1])
            stocks = level.setdefault((m, s), [0] * len(STOCKS))
            for i, at in enumerate(stock_at):
                stocks[i] += row[at]
        own: dict[int, dict[str, dict]] = defaultdict(dict)
        for (m, s), stocks in level.items():
            keys = (ALL,) if s is None else (ALL, str(s))
            for area in areas_of.get(m, ("",)):
                for key in keys:
                    target = cell(area, key)
                    for name, value in zip(STOCKS, stocks, strict=True):
                        target[name] += value
            if any(stocks):
                own[m][NONE if s is None else str(s)] = dict(zip(STOCKS, stocks, strict=True))
        _add_schemes(cell, month, scheme_rows, scheme_level, areas_of)
        cells.setdefault("", {})  # the marker: this month is built
        rows += [MonthRollup(area=a, month=month, figures=f) for a, f in cells.items()]
        rows += [
            MonthRollup(area=f"k{kommunenummer[m]}", month=month, figures=f)
            for m, f in own.items()
            if m in kommunenummer
        ]
        month += relativedelta(months=1)
    MonthRollup.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _add_schemes(cell, month, scheme_rows, scheme_level, areas_of) -> None:
    """The schemes at the end of `month` (running sums of the scheme facts) into each area's
    cells for all services and for the scheme's service."""
    for row in scheme_rows.get(month, ()):
        level = scheme_level.setdefault(row[1:5], [0, 0])
        level[0] += row[5]
        level[1] += row[6]
    places: dict[tuple[str, str], set[int]] = defaultdict(set)
    approvals: dict[tuple[str, str], dict[tuple[int, int], int]] = defaultdict(dict)
    for (host, scheme, m, service), (live, suppliers) in scheme_level.items():
        if live <= 0:
            continue
        for area in areas_of.get(m, ("",)):
            for key in (ALL, str(service)):
                target = cell(area, key)["scheme_suppliers"]
                target[str(suppliers)] = target.get(str(suppliers), 0) + 1
                places[(area, key)].add(m)
                approvals[(area, key)][(host, scheme)] = suppliers
    for (area, key), municipalities in places.items():
        cell(area, key)["scheme_municipalities"] = len(municipalities)
        cell(area, key)["scheme_approvals"] = sum(approvals[(area, key)].values())


def invalidate(month: datetime.date) -> None:
    """The facts of `month` changed after the build: its rollups and every later month's
    (whose levels include it) go, until the next build."""
    if month < _current():
        MonthRollup.objects.filter(month__gte=month).delete()


@dataclass
class Read:
    levels: dict
    months: dict
    days: dict[int, int]
    schemes: dict = field(default_factory=dict)  # {closed month: selectors.SchemeMonth}


def read(filters) -> Read | None:
    """The dashboard's figures from the rollups plus the current month's facts, or None when
    the rollups do not cover the period (or the area is one municipality, whose facts are
    few anyway)."""
    from .selectors import SchemeMonth

    current = _current()
    if filters.area.startswith("k") or filters.end > current:
        return None
    last_closed = min(filters.end, current - relativedelta(months=1))
    built = MonthRollup.objects.filter(area="").aggregate(first=Min("month"), last=Max("month"))
    if built["last"] is None or built["last"] < last_closed:
        return None
    key = ALL if filters.service is None else str(filters.service)
    # Plain rows, not model instances: the map's read below is one row per municipality.
    area_rows = {
        month: figures.get(key)
        for month, figures in MonthRollup.objects.filter(
            area=filters.area, month__gte=filters.start, month__lte=last_closed
        ).values_list("month", "figures")
    }
    zero = dict.fromkeys(COUNTS, 0)
    months: dict[datetime.date, dict] = {}
    days: dict[int, int] = {}
    schemes: dict = {}
    for month in filters.months:
        if month > last_closed:
            continue
        figures = area_rows.get(month) or {}
        months[month] = {name: figures.get(name, 0) for name in COUNTS}
        schemes[month] = SchemeMonth(
            municipalities=figures.get("scheme_municipalities", 0),
            approvals=figures.get("scheme_approvals", 0),
            by_suppliers={int(k): n for k, n in (figures.get("scheme_suppliers") or {}).items()},
        )
        for k, n in (figures.get("processing_days") or {}).items():
            days[int(k)] = days.get(int(k), 0) + n
    # The levels of every municipality at the end of the last closed month (the map) …
    levels: dict[tuple[int, int | None], dict] = {}
    by_number = dict(Municipality.registry.values_list("kommunenummer", "pk"))
    for area, figures in MonthRollup.objects.filter(
        month=last_closed, area__startswith="k"
    ).values_list("area", "figures"):
        m = by_number.get(area[1:])
        for s, stocks in figures.items():
            service = None if s == NONE else int(s)
            if m is None or (filters.service is not None and service != filters.service):
                continue
            levels[(m, service)] = {"municipality_id": m, "service_type_id": service, **stocks}
    if filters.end < current:
        return Read(levels, months, days, schemes)
    # … and the current month read from its facts.
    country = Fact.objects.filter(month=current)
    if filters.service is not None:
        country = country.filter(service_type_id=filters.service)
    for r in country.values("municipality_id", "service_type_id").annotate(
        **{f"d_{name}": Sum(name) for name in STOCKS}
    ):
        key_ = (r["municipality_id"], r["service_type_id"])
        row = levels.setdefault(
            key_,
            {"municipality_id": key_[0], "service_type_id": key_[1], **dict.fromkeys(STOCKS, 0)},
        )
        for name in STOCKS:
            row[name] = (row[name] or 0) + (r[f"d_{name}"] or 0)
    area = filters.facts().filter(month=current)
    flows = area.aggregate(**{name: Sum(name) for name in FLOWS})
    previous = months.get(last_closed) if last_closed >= filters.start else None
    if previous is None:
        before = MonthRollup.objects.filter(area=filters.area, month=last_closed).first()
        previous = (before.figures.get(key) if before else None) or zero
    stock_delta = area.aggregate(**{name: Sum(name) for name in STOCKS})
    months[current] = {
        **{name: flows[name] or 0 for name in FLOWS},
        **{name: (previous.get(name, 0) or 0) + (stock_delta[name] or 0) for name in STOCKS},
    }
    from .selectors import processing_days_of

    _add_days(days, processing_days_of(area))
    return Read(levels, months, days, schemes)

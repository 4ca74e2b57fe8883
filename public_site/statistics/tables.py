"""The indicators as tables: every figure the pages, the exports and the API show is built
here, once, and every count of persons passes through `suppression.suppress`."""

from __future__ import annotations

import statistics as stats
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from public_site.catalogue.models import ServiceType
from tenants.municipalities.models import Municipality

from . import selectors
from .models import STOCKS
from .projection import month_of
from .selectors import DUTY_POPULATION, Filters
from .suppression import Cell, Sum, derived, suppress


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool = True


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    public: bool = False  # non-personal: on the national site for everyone
    note: str = ""
    # Which row is a total (drawn in <tfoot>), when there is one.
    total_row: bool = False

    def as_data(self) -> dict:
        """What the API and the exports carry (the figures, or the marks that stand for them)."""
        return {
            "key": self.key,
            "title": str(self.title),
            "columns": [{"key": c.key, "label": str(c.label)} for c in self.columns],
            "rows": [
                {c.key: cell.public for c, cell in zip(self.columns, row, strict=True)}
                for row in self.rows
            ],
        }

    @property
    def body(self) -> list[list[Cell]]:
        return self.rows[:-1] if self.total_row else self.rows

    @property
    def foot(self) -> list[Cell] | None:
        return self.rows[-1] if self.total_row else None


def _text(value) -> Cell:
    return Cell(str(value))


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _levels_from(levels: dict, schemes: list[selectors.LiveScheme]) -> None:
    """Replace the levels of live schemes and active suppliers by the schemes running now."""
    for (_m, service), row in levels.items():
        if service is not None:
            row["schemes_live"] = row["suppliers_active"] = 0
    for s in schemes:
        row = levels.setdefault(
            (s.municipality_id, s.service_type_id),
            {"municipality_id": s.municipality_id, "service_type_id": s.service_type_id,
             **dict.fromkeys(STOCKS, 0)},
        )  # fmt: skip
        row["schemes_live"] = (row["schemes_live"] or 0) + 1
        row["suppliers_active"] = (row["suppliers_active"] or 0) + s.suppliers


def _approvals(schemes: list[selectors.LiveScheme]) -> int:
    """Active approvals in these schemes, a joint scheme's once however many places it has."""
    return sum({s.scheme: s.suppliers for s in schemes}.values())


def _median(values: list[float]) -> float | None:
    return round(stats.median(values), 1) if values else None


def _services(filters: Filters) -> list[ServiceType]:
    qs = ServiceType.objects.all()
    return list(qs.filter(pk=filters.service) if filters.service else qs)


@dataclass
class Dashboard:
    """Everything the page shows for one choice of filters, read with a few queries."""

    filters: Filters
    municipalities: list[Municipality]
    levels: dict
    months: dict
    days: dict[int, int]
    services: list[ServiceType]
    everyone: list[Municipality]
    all_levels: dict
    # The schemes at the end of the period (now, when the period reaches it), each in every
    # municipality where it counts, in the country; and the area's summed at each month's end.
    schemes: list[selectors.LiveScheme] = field(default_factory=list)
    scheme_months: dict = field(default_factory=dict)

    @classmethod
    def read(cls, filters: Filters) -> Dashboard:
        # Levels are read for the whole country: the map shows every municipality whatever
        # the area, and one query for 357 is as cheap as one for a county.
        everyone = list(Municipality.registry.select_related("county").order_by("kommunenummer"))
        area_ids = (
            None
            if filters.whole_country
            else set(filters.municipalities().values_list("pk", flat=True))
        )
        read = selectors.figures(filters)
        all_levels = read.levels
        # Schemes and suppliers scheme by scheme, a joint scheme in every municipality taking
        # part: closed months from the rollups when they hold them (a few rows whatever the
        # number of municipalities), else from the scheme facts; the current month as it
        # stands now, from the national announcements.
        current = month_of(None)
        scheme_months = dict(read.schemes or {})
        by_month: dict = {}
        if filters.end < current or len(scheme_months) < len(
            [m for m in filters.months if m < current]
        ):
            by_month = selectors.schemes_by_month(filters, area=False)
        if filters.end >= current:
            now = selectors.live_schemes(filters.service)
            by_month.update({m: now for m in filters.months if m >= current})
        schemes = by_month.get(filters.end, [])
        _levels_from(all_levels, schemes)
        for month, listed in by_month.items():
            if month not in scheme_months:
                scheme_months[month] = selectors.SchemeMonth.of(
                    [s for s in listed if area_ids is None or s.municipality_id in area_ids]
                )
        return cls(
            filters=filters,
            municipalities=[m for m in everyone if area_ids is None or m.pk in area_ids],
            levels={k: v for k, v in all_levels.items() if area_ids is None or k[0] in area_ids},
            months=read.months,
            days=read.days,
            services=_services(filters),
            everyone=everyone,
            all_levels=all_levels,
            schemes=schemes,
            scheme_months=scheme_months,
        )

    # --- what the tables share ------------------------------------------------------------

    def __post_init__(self) -> None:
        self._live = {
            key for key, row in self.all_levels.items()
            if key[1] is not None and (row["schemes_live"] or 0) > 0
        }  # fmt: skip
        self._live_any = {m for m, _s in self._live}
        self._area_ids = {m.pk for m in self.municipalities}
        self._per_municipality: dict[bool, Table] = {}

    def live(self, municipality_id: int, service_id: int | None = None) -> bool:
        """Free choice: at least one live scheme (for the service, or for any)."""
        if service_id is None:
            return municipality_id in self._live_any
        return (municipality_id, service_id) in self._live

    def map_rows(self) -> dict[str, dict]:
        """{kommunenummer: figures} for every municipality, for the map."""
        table = self.per_municipality(everyone=True)
        keys = [c.key for c in table.columns]
        return {
            row[0].value: {
                "name": row[1].value,
                "free_choice": row[keys.index("free_choice")].value,
                "suppliers_per_scheme": row[keys.index("suppliers_per_scheme")],
                "private_share": row[keys.index("private_share")],
            }
            for row in table.rows
        }

    def level_sum(self, name: str, municipality_id: int | None = None) -> int:
        return sum(
            row[name] or 0
            for (m, _s), row in self.levels.items()
            if municipality_id is None or m == municipality_id
        )

    def period_sum(self, name: str) -> int:
        return sum(month[name] for month in self.months.values())

    def in_area(self, municipality_id: int) -> bool:
        return self.filters.whole_country or municipality_id in self._area_ids

    def per_scheme(self) -> list[int]:
        """Active suppliers per live scheme at the end of the period, scheme by scheme (a
        joint scheme once in each municipality taking part)."""
        return [s.suppliers for s in self.schemes if self.in_area(s.municipality_id)]

    def approvals(self) -> int:
        """Active approvals in the area's schemes (a joint scheme's once)."""
        return _approvals([s for s in self.schemes if self.in_area(s.municipality_id)])

    @property
    def live_ids(self) -> set[int]:
        return {m.pk for m in self.municipalities if self.live(m.pk, self.filters.service)}

    # --- the tables ----------------------------------------------------------------------

    def uptake(self) -> Table:
        table = Table(
            "uptake", _("Kommuner med fritt brukervalg per tjeneste"),
            [Column("service", _("Tjeneste"), numeric=False),
             Column("municipalities", _("Kommuner med fritt brukervalg")),
             Column("population", _("Innbyggere i disse kommunene")),
             Column("population_share", _("Andel av innbyggerne i området (%)"))],
            public=True,
        )  # fmt: skip
        population = sum(m.population for m in self.municipalities)
        for service in self.services:
            with_choice = [m for m in self.municipalities if self.live(m.pk, service.pk)]
            covered = sum(m.population for m in with_choice)
            table.rows.append(
                [_text(service.name), Cell(len(with_choice)), Cell(covered),
                 Cell(_share(covered, population))]
            )  # fmt: skip
        return table

    def duty(self, order: str = "population") -> Table:
        table = Table(
            "duty", _("Kommuner over 5 000 innbyggere uten fritt brukervalg"),
            [Column("kommunenummer", _("Kommunenummer"), numeric=False),
             Column("municipality", _("Kommune"), numeric=False),
             Column("county", _("Fylke"), numeric=False),
             Column("population", _("Innbyggere"))],
            public=True,
            note=_("For valgt tjeneste, eller for alle tjenester når ingen er valgt."),
        )  # fmt: skip
        live = self.live_ids
        rows = [
            m for m in self.municipalities if m.population >= DUTY_POPULATION and m.pk not in live
        ]
        if order == "navn":
            rows.sort(key=lambda m: m.name_norwegian)
        else:
            rows.sort(key=lambda m: (-m.population, m.name_norwegian))
        for m in rows:
            table.rows.append(
                [_text(m.kommunenummer), _text(m.name_norwegian), _text(m.county.name),
                 Cell(m.population)]
            )  # fmt: skip
        return table

    def market(self) -> Table:
        per_scheme = self.per_scheme()
        decided = self.period_sum("applications_approved") + self.period_sum(
            "applications_rejected"
        )
        figures = [
            (_("Ordninger som er kunngjort"), len(per_scheme)),
            (_("Godkjente leverandører (aktive godkjenninger)"), self.approvals()),
            (_("Leverandører per ordning, median"), _median(per_scheme)),
            (_("Ordninger med færre enn to godkjente leverandører"),
             sum(1 for n in per_scheme if n < 2)),
            (_("Søknader mottatt"), self.period_sum("applications_received")),
            (_("Søknader godkjent"), self.period_sum("applications_approved")),
            (_("Søknader avslått"), self.period_sum("applications_rejected")),
            (_("Søknader trukket"), self.period_sum("applications_withdrawn")),
            (_("Behandlingstid, median (dager)"), selectors.percentile(self.days, 0.5)),
            (_("Behandlingstid, 90-persentil (dager)"), selectors.percentile(self.days, 0.9)),
            (_("Andel avgjort innen fristen (%)"),
             _share(self.period_sum("decided_within_deadline"), decided)),
            (_("Suspensjoner"), self.period_sum("suspensions")),
            (_("Tilbakekallinger"), self.period_sum("revocations")),
            (_("Godkjenninger avsluttet (oppsagt eller utløpt)"),
             self.period_sum("approvals_ended")),
        ]  # fmt: skip
        table = Table(
            "market", _("Leverandørmarkedet"),
            [Column("indicator", _("Indikator"), numeric=False), Column("value", _("Verdi"))],
            public=True,
        )  # fmt: skip
        table.rows = [[_text(label), Cell(value)] for label, value in figures]
        return table

    def distribution(self) -> Table:
        buckets = [("0", 0, 0), ("1", 1, 1), ("2–3", 2, 3), ("4–5", 4, 5), ("6+", 6, None)]
        per_scheme = self.per_scheme()
        table = Table(
            "distribution", _("Ordninger etter antall godkjente leverandører"),
            [Column("suppliers", _("Godkjente leverandører"), numeric=False),
             Column("schemes", _("Ordninger"))],
            public=True,
        )  # fmt: skip
        for label, low, high in buckets:
            n = sum(1 for v in per_scheme if v >= low and (high is None or v < high + 1))
            table.rows.append([_text(label), Cell(n)])
        return table

    def recipients(self) -> Table:
        """Recipients by the kind of provider serving them, and the key rates."""
        municipal, private = self.level_sum("served_municipal"), self.level_sum("served_private")
        cells = suppress(
            {"municipal": municipal, "private": private, "total": municipal + private,
             "decisions": self.level_sum("decisions"), "switches": self.period_sum("switches"),
             "rechoices": self.period_sum("rechoices")},
            persons=["municipal", "private", "total", "decisions", "switches", "rechoices"],
            sums=[Sum(["municipal", "private"], "total")],
        )  # fmt: skip
        total = municipal + private
        years = len(self.filters.months) / 12
        switch_rate = round(100 * cells["switches"].value / total / years, 1) if (
            total and not cells["switches"].hidden
        ) else None  # fmt: skip
        table = Table(
            "recipients", _("Tjenestemottakere"),
            [Column("indicator", _("Indikator"), numeric=False), Column("value", _("Verdi"))],
        )  # fmt: skip
        table.rows = [
            [_text(_("Mottakere med vedtak i en tjeneste med fritt brukervalg")),
             cells["decisions"]],
            [_text(_("Betjent av kommunal egenregi")), cells["municipal"]],
            [_text(_("Betjent av privat leverandør")), cells["private"]],
            [_text(_("Betjent i alt")), cells["total"]],
            [_text(_("Andel betjent av privat leverandør (%)")),
             derived(_share(private, total), cells["private"], cells["total"])],
            [_text(_("Bytter per 100 mottakere per år")),
             derived(switch_rate, cells["switches"], cells["total"])],
            [_text(_("Bytter i perioden")), cells["switches"]],
            [_text(_("Nye valg fordi en godkjenning stanset")), cells["rechoices"]],
        ]  # fmt: skip
        return table

    def hours(self) -> Table:
        """Hours delivered in the period by each kind of provider, from the settlement's
        reported lines; hidden where the recipients served by that kind are."""
        minutes = {
            "municipal": self.period_sum("minutes_municipal"),
            "private": self.period_sum("minutes_private"),
        }
        municipal, private = self.level_sum("served_municipal"), self.level_sum("served_private")
        served = suppress(
            {"municipal": municipal, "private": private, "total": municipal + private},
            persons=["municipal", "private", "total"],
            sums=[Sum(["municipal", "private"], "total")],
        )
        hours = {k: round(v / 60, 1) for k, v in minutes.items()}
        total = round(sum(minutes.values()) / 60, 1)
        table = Table(
            "hours", _("Leverte timer (fra oppgjøret)"),
            [Column("provider", _("Leverandør"), numeric=False),
             Column("hours", _("Timer i perioden")),
             Column("share", _("Andel av timene (%)"))],
            total_row=True,
            note=_("Rapporterte timer med korrigeringer, oppdatert hver natt."),
        )  # fmt: skip
        names = {"municipal": _("Kommunal egenregi"), "private": _("Privat leverandør")}
        for key, name in names.items():
            table.rows.append(
                [_text(name), derived(hours[key], served[key]),
                 derived(_share(minutes[key], sum(minutes.values())), served[key])]
            )  # fmt: skip
        table.rows.append([_text(_("I alt")), derived(total, served["total"]), Cell(None)])
        return table

    def hours_series(self) -> Table:
        """Hours delivered month by month by each kind of provider, hidden in a month where
        the recipients served by that kind at the month's end are (as in `hours`)."""
        table = Table(
            "hours_series", _("Leverte timer per måned"),
            [Column("month", _("Måned"), numeric=False),
             Column("municipal", _("Kommunal egenregi")),
             Column("private", _("Privat leverandør")),
             Column("total", _("I alt"))],
            note=_("Rapporterte timer med korrigeringer, oppdatert hver natt."),
        )  # fmt: skip
        for month, row in self.months.items():
            municipal, private = row["served_municipal"], row["served_private"]
            served = suppress(
                {"municipal": municipal, "private": private, "total": municipal + private},
                persons=["municipal", "private", "total"],
                sums=[Sum(["municipal", "private"], "total")],
            )
            minutes = {"municipal": row["minutes_municipal"], "private": row["minutes_private"]}
            table.rows.append(
                [_text(date_format(month, "Y-m")),
                 *(derived(round(minutes[k] / 60, 1), served[k]) for k in minutes),
                 derived(round(sum(minutes.values()) / 60, 1), served["total"])]
            )  # fmt: skip
        return table

    def how_chosen(self) -> Table:
        labels = {
            "chosen_recipient": _("Valgt av mottakeren"),
            "chosen_proxy": _("Valgt av fullmektig"),
            "chosen_case_worker": _("Valg registrert av saksbehandler"),
            "assigned_default": _("Tildelt etter standardregelen"),
            "assigned_fallback": _("Kommunal egenregi etter tilbakekalling"),
        }
        values = {key: self.period_sum(key) for key in labels}
        values["total"] = sum(values.values())
        cells = suppress(values, persons=values, sums=[Sum(list(labels), "total")])
        table = Table(
            "how_chosen", _("Hvordan leverandøren ble valgt (valg i perioden)"),
            [Column("how", _("Hvordan"), numeric=False), Column("choices", _("Valg"))],
            total_row=True,
        )  # fmt: skip
        table.rows = [[_text(label), cells[key]] for key, label in labels.items()]
        table.rows.append([_text(_("I alt")), cells["total"]])
        return table

    def quality(self) -> Table:
        served = {
            "municipal": self.level_sum("served_municipal"),
            "private": self.level_sum("served_private"),
        }
        values, sums = {}, []
        for kind in ("complaint", "deviation"):
            for side in ("municipal", "private"):
                values[f"{kind}s_{side}"] = self.period_sum(f"{kind}s_{side}")
            values[f"{kind}s_total"] = values[f"{kind}s_municipal"] + values[f"{kind}s_private"]
            values[f"{kind}s_closed"] = self.period_sum(f"{kind}s_closed")
            sums.append(Sum([f"{kind}s_municipal", f"{kind}s_private"], f"{kind}s_total"))
        values.update({f"served_{k}": v for k, v in served.items()})
        cells = suppress(values, persons=values, sums=sums)
        table = Table(
            "quality", _("Klager (kap. 7) og avvik"),
            [Column("what", _("Hva"), numeric=False),
             Column("provider", _("Leverandør"), numeric=False),
             Column("cases", _("Saker")), Column("per_1000", _("Per 1 000 mottakere")),
             Column("closed", _("Avsluttet med utfall"))],
        )  # fmt: skip
        names = {"complaint": _("Klager"), "deviation": _("Avvik")}
        sides = {"municipal": _("Kommunal egenregi"), "private": _("Privat leverandør")}
        for kind, name in names.items():
            for side, side_name in sides.items():
                cases, base = cells[f"{kind}s_{side}"], cells[f"served_{side}"]
                rate = (
                    round(1000 * values[f"{kind}s_{side}"] / served[side], 1)
                    if served[side]
                    else None
                )
                table.rows.append(
                    [_text(name), _text(side_name), cases, derived(rate, cases, base),
                     Cell(None)]
                )  # fmt: skip
            table.rows.append(
                [_text(name), _text(_("I alt")), cells[f"{kind}s_total"], Cell(None),
                 cells[f"{kind}s_closed"]]
            )  # fmt: skip
        return table

    def series(self) -> Table:
        table = Table(
            "series", _("Utvikling per måned"),
            [Column("month", _("Måned"), numeric=False),
             Column("municipalities", _("Kommuner med ordning")),
             Column("schemes", _("Ordninger")),
             Column("suppliers", _("Godkjente leverandører")),
             Column("suppliers_per_scheme", _("Leverandører per ordning, median")),
             Column("schemes_below_two", _("Ordninger med færre enn to godkjente leverandører")),
             Column("applications", _("Søknader mottatt")),
             Column("served_private", _("Betjent av privat leverandør")),
             Column("switches", _("Bytter"))],
        )  # fmt: skip
        for month, row in self.months.items():
            schemes = self.scheme_months.get(month) or selectors.SchemeMonth()
            cells = suppress(
                {"served_private": row["served_private"], "switches": row["switches"]},
                persons=["served_private", "switches"],
            )
            table.rows.append(
                [_text(date_format(month, "Y-m")),
                 Cell(schemes.municipalities), Cell(schemes.schemes), Cell(schemes.approvals),
                 Cell(schemes.median), Cell(schemes.below_two),
                 Cell(row["applications_received"]), cells["served_private"], cells["switches"]]
            )  # fmt: skip
        return table

    def per_municipality(self, *, everyone: bool = False) -> Table:
        """The map's figures, one row per municipality in the area (or in the country)."""
        everyone = everyone or self.filters.whole_country
        # The map and the table ask for the same rows (the same when the area is the country).
        if everyone not in self._per_municipality:
            self._per_municipality[everyone] = self._municipality_rows(everyone=everyone)
        return self._per_municipality[everyone]

    def _municipality_rows(self, *, everyone: bool) -> Table:
        service = self.filters.service
        municipalities = self.everyone if everyone else self.municipalities
        levels = self.all_levels if everyone else self.levels
        table = Table(
            "municipalities", _("Kommunene"),
            [Column("kommunenummer", _("Kommunenummer"), numeric=False),
             Column("municipality", _("Kommune"), numeric=False),
             Column("population", _("Innbyggere")),
             Column("free_choice", _("Fritt brukervalg"), numeric=False),
             Column("suppliers_per_scheme", _("Leverandører per ordning")),
             Column("private_share", _("Andel privat (%)"))],
        )  # fmt: skip
        by_municipality: dict[int, dict] = defaultdict(lambda: defaultdict(int))
        for (m, s), row in levels.items():
            if s is None:
                continue
            for name in ("schemes_live", "suppliers_active", "served_municipal", "served_private"):
                by_municipality[m][name] += row[name] or 0
        for m in municipalities:
            row = by_municipality.get(m.pk, {})
            schemes = row.get("schemes_live", 0)
            private, municipal = row.get("served_private", 0), row.get("served_municipal", 0)
            cells = suppress(
                {"private": private, "municipal": municipal, "total": private + municipal},
                persons=["private", "municipal", "total"],
                sums=[Sum(["private", "municipal"], "total")],
            )
            table.rows.append(
                [_text(m.kommunenummer), _text(m.name_norwegian), Cell(m.population),
                 _text(_("ja") if self.live(m.pk, service) else _("nei")),
                 Cell(round(row.get("suppliers_active", 0) / schemes, 1) if schemes > 0 else None),
                 derived(_share(private, private + municipal), cells["private"], cells["total"])]
            )  # fmt: skip
        return table

    def tables(self, *, public_only: bool = False, order: str = "population") -> list[Table]:
        every = [
            self.uptake(), self.duty(order), self.market(), self.distribution(), self.series(),
            self.recipients(), self.how_chosen(), self.hours(), self.hours_series(),
            self.quality(),
            self.per_municipality(),
        ]  # fmt: skip
        if public_only:
            return [t for t in every if t.public]
        return every


def public_municipality_table(table: Table) -> Table:
    """The per-municipality table without the share of private suppliers (recipients)."""
    keep = [i for i, c in enumerate(table.columns) if c.key != "private_share"]
    return Table(
        table.key, table.title, [table.columns[i] for i in keep],
        [[row[i] for i in keep] for row in table.rows], public=True,
    )  # fmt: skip

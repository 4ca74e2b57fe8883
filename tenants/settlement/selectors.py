"""Reads for settlement: a provider's months, the officer's month page (totals per recipient
and band, extent flags), and the settlement statement whose totals are the sum of its lines."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from fritt.tenancy.schemas import in_municipality
from tenants.municipalities.models import Municipality
from tenants.recipients.models import Assignment, ProviderKind, Recipient

from . import rules
from .models import Band, DeliveryLine, LinePart, ReportMonth, ReportStatus


def parse_month(text: str | None, *, default: datetime.date | None = None) -> datetime.date:
    """'2026-11' as the month's first day; anything else is this month (or `default`)."""
    try:
        year, month = (int(x) for x in (text or "").split("-"))
        return datetime.date(year, month, 1)
    except (TypeError, ValueError):
        return default or rules.month_of(timezone.localdate())


def previous_months(month: datetime.date, n: int) -> list[datetime.date]:
    out = [month]
    while len(out) < n:
        out.append(rules.month_of(out[-1] - datetime.timedelta(days=1)))
    return out


def reports_of_suppliers(supplier_ids: set[int], month: datetime.date) -> QuerySet[ReportMonth]:
    return ReportMonth.objects.filter(supplier_id__in=supplier_ids, month=month)


def lines_of(report: ReportMonth, *, with_service: bool = True) -> QuerySet[DeliveryLine]:
    reversed_ = DeliveryLine.objects.filter(corrects=OuterRef("pk"), kind="reversal")
    related = ["recipient", "assignment__decision__service_type"] if with_service else ["recipient"]
    return (
        report.lines.select_related(*related)
        .annotate(has_reversal=Exists(reversed_))
        .order_by("date", "start_time", "pk")
    )


def reportable_assignments(supplier_ids: set[int], month: datetime.date) -> list[Assignment]:
    """The suppliers' assignments that ran some day of the month."""
    last = rules.month_end(month)
    return list(
        Assignment.objects.filter(
            Q(approval__supplier_id__in=supplier_ids) | Q(joint_supplier_id__in=supplier_ids)
        )
        .filter(starts_on__lte=last)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=month))
        .exclude(ends_on=F("starts_on"))
        .select_related("decision__recipient", "decision__service_type")
        .order_by("decision__recipient__full_name", "pk")
    )


def reportable_municipal_assignments(month: datetime.date) -> list[Assignment]:
    """The municipal provider's assignments that ran some day of the month."""
    last = rules.month_end(month)
    return list(
        Assignment.objects.filter(provider_kind=ProviderKind.MUNICIPAL, starts_on__lte=last)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=month))
        .exclude(ends_on=F("starts_on"))
        .select_related("decision__recipient", "decision__service_type")
        .order_by("decision__recipient__full_name", "pk")
    )


class Person(NamedTuple):
    """A recipient as the month's totals show one: id and name, nothing more."""

    pk: int
    full_name: str


@dataclass
class RecipientTotal:
    recipient: Person
    minutes_by_band: dict[str, int] = field(default_factory=dict)
    amount: Decimal = Decimal("0.00")
    minutes: int = 0
    allowance_hours: Decimal | None = None

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.01"))

    @property
    def over_extent(self) -> bool:
        return self.allowance_hours is not None and self.hours > self.allowance_hours

    def band_hours(self) -> list[Decimal]:
        return [
            (Decimal(self.minutes_by_band.get(b, 0)) / 60).quantize(Decimal("0.01"))
            for b in Band.values
        ]


@dataclass
class MonthSummary:
    report: ReportMonth
    rows: list[RecipientTotal]
    total_amount: Decimal
    total_minutes: int
    lines: int

    @property
    def flags(self) -> int:
        return sum(1 for r in self.rows if r.over_extent)


def month_summary(report: ReportMonth) -> MonthSummary:
    """Totals per recipient and band from the priced parts, and the decision's extent for the
    month beside them (over it is flagged, neither accepted nor refused silently).

    Aggregated in SQL (one row per recipient, a column per band), so a city supplier's month
    of thousands of recipients is a few queries; each row carries the recipient's id and name
    only, and a page shows a hundred of them."""
    per_band = {f"m_{band}": Sum("minutes", filter=Q(band=band), default=0) for band in Band.values}
    rows: dict[int, RecipientTotal] = {}
    for p in (
        LinePart.objects.filter(line__report=report)
        .values("line__recipient_id", "line__recipient__full_name")
        .annotate(total_minutes=Sum("minutes"), total_amount=Sum("amount"), **per_band)
        .order_by()
    ):
        recipient = Person(p["line__recipient_id"], p["line__recipient__full_name"])
        rows[recipient.pk] = RecipientTotal(
            recipient,
            minutes_by_band={b: p[f"m_{b}"] for b in Band.values if p[f"m_{b}"]},
            amount=p["total_amount"],
            minutes=p["total_minutes"],
        )
    extents = (
        report.lines.order_by("recipient_id")
        .distinct("recipient_id")
        .values_list(
            "recipient_id", "assignment__decision__extent", "assignment__decision__extent_unit",
            "assignment__decision__valid_from", "assignment__decision__valid_to",
        )
    )  # fmt: skip
    for recipient_id, extent, unit, valid_from, valid_to in extents:
        if recipient_id in rows:
            rows[recipient_id].allowance_hours = rules.extent_allowance(
                extent=extent,
                extent_unit=unit,
                month=report.month,
                valid_from=valid_from,
                valid_to=valid_to,
            )
    totals = report.lines.aggregate(amount=Sum("amount"), minutes=Sum("minutes"), n=Count("pk"))
    ordered = sorted(rows.values(), key=lambda r: (r.recipient.full_name, r.recipient.pk))
    return MonthSummary(
        report=report,
        rows=ordered,
        total_amount=totals["amount"] or Decimal("0.00"),
        total_minutes=totals["minutes"] or 0,
        lines=totals["n"],
    )


def month_overview(month: datetime.date) -> list[dict]:
    """Every provider's report of the month with its totals, for the officer's list."""
    return list(
        ReportMonth.objects.filter(month=month)
        .annotate(
            amount=Sum("lines__amount"),
            minutes=Sum("lines__minutes"),
            n=Count("lines"),
            asked=Count("lines", filter=Q(lines__asked_at__isnull=False)),
        )
        .order_by("provider_kind", "supplier_id")
        .values("pk", "provider_kind", "supplier_id", "status", "amount", "minutes", "n", "asked")
    )


def awaiting_approval() -> int:
    return ReportMonth.objects.filter(status=ReportStatus.SUBMITTED).count()


def visit_of(recipient: Recipient, line_id: str | int | None) -> DeliveryLine | None:
    """One of the recipient's delivered visits (a deviation from Min side starts from it)."""
    if not str(line_id or "").isdigit():
        return None
    return visits_of(recipient).filter(pk=int(line_id)).first()


def visits_of(recipient: Recipient, *, months: int = 3) -> QuerySet[DeliveryLine]:
    """The recipient's delivered visits of the last months (what Min side shows)."""
    since = previous_months(rules.month_of(timezone.localdate()), months)[-1]
    return (
        DeliveryLine.objects.filter(recipient=recipient, date__gte=since)
        .exclude(kind="reversal")
        .exclude(corrections__kind="reversal")
        .select_related("assignment__decision__service_type", "report")
        .order_by("-date", "-start_time")
    )


def _tables_of(schemes: dict[int, rules.BandLimits]) -> dict[int, rules.RateTable]:
    from tenants.schemes.models import Rate

    rows: dict[int, list[rules.RateRow]] = {pk: [] for pk in schemes}
    for scheme_id, unit, variant, amount, valid_from in Rate.objects.filter(
        scheme_id__in=list(schemes)
    ).values_list("scheme_id", "unit", "variant", "amount", "valid_from"):
        rows[scheme_id].append(rules.RateRow(unit, variant, amount, valid_from))
    return {pk: rules.RateTable(rows[pk], limits=limits) for pk, limits in schemes.items()}


def _band_limits(schemes) -> dict[int, rules.BandLimits]:

    return {
        pk: rules.BandLimits(day, evening, night)
        for pk, day, evening, night in schemes.values_list(
            "pk", "day_starts", "evening_starts", "night_starts"
        )
    }


def rate_tables(scheme_ids: set[int]) -> dict[int, rules.RateTable]:
    """This municipality's schemes' rates and band limits, per scheme."""
    from tenants.schemes.models import Scheme

    if not scheme_ids:
        return {}
    return _tables_of(_band_limits(Scheme.objects.filter(pk__in=list(scheme_ids))))


def joint_rate_tables(host_id: int, approval_ids: set[int]) -> dict[int, rules.RateTable]:
    """The rates of a host's joint scheme, per approval: a participant settles its own
    recipients' lines at the scheme the host announced and decides (its rates live in the
    host's schema). Read only; nothing of the participant's crosses over."""
    from tenants.applications.models import Approval
    from tenants.schemes.models import Scheme

    host = Municipality.objects.filter(pk=host_id).first()
    if host is None:
        return {}
    with in_municipality(host):
        scheme_of = dict(
            Approval.objects.filter(pk__in=list(approval_ids)).values_list("pk", "scheme_id")
        )
        tables = _tables_of(_band_limits(Scheme.objects.filter(pk__in=set(scheme_of.values()))))
    return {approval: tables[scheme] for approval, scheme in scheme_of.items() if scheme in tables}

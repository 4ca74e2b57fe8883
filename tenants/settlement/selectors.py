"""Reads for settlement: a provider's months, the officer's month page (totals per recipient
and band, extent flags), and the settlement statement whose totals are the sum of its lines."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

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


def lines_of(report: ReportMonth) -> QuerySet[DeliveryLine]:
    reversed_ = DeliveryLine.objects.filter(corrects=OuterRef("pk"), kind="reversal")
    return (
        report.lines.select_related("recipient", "assignment__decision__service_type")
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


@dataclass
class RecipientTotal:
    recipient: Recipient
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
    month beside them (over it is flagged, neither accepted nor refused silently)."""
    rows: dict[int, RecipientTotal] = {}
    parts = (
        LinePart.objects.filter(line__report=report)
        .values("line__recipient_id", "band")
        .annotate(minutes=Sum("minutes"), amount=Sum("amount"))
    )
    recipients = Recipient.objects.in_bulk(set(report.lines.values_list("recipient_id", flat=True)))
    for p in parts:
        row = rows.setdefault(
            p["line__recipient_id"], RecipientTotal(recipients[p["line__recipient_id"]])
        )
        row.minutes_by_band[p["band"]] = row.minutes_by_band.get(p["band"], 0) + p["minutes"]
        row.amount += p["amount"]
    minutes = dict(
        report.lines.values("recipient_id")
        .annotate(m=Sum("minutes"))
        .values_list("recipient_id", "m")
    )
    for recipient_id, row in rows.items():
        row.minutes = minutes.get(recipient_id, 0)
    for line in (
        report.lines.filter(recipient_id__in=list(rows))
        .select_related("assignment__decision")
        .distinct("recipient_id")
        .order_by("recipient_id")
    ):
        d = line.assignment.decision
        rows[line.recipient_id].allowance_hours = rules.extent_allowance(
            extent=d.extent,
            extent_unit=d.extent_unit,
            month=report.month,
            valid_from=d.valid_from,
            valid_to=d.valid_to,
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

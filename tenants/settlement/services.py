"""Reporting delivered service and settling it: every way in (form, CSV, API) calls
`report_lines`, which accepts the whole batch or refuses it whole with a problem per line."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fritt.accounts.models import User
from fritt.accounts.roles import Role
from fritt.accounts.selectors import roles_in_municipality, supplier_assignments
from fritt.errors import DomainError, NotAllowed
from fritt.events.services import record
from fritt.tenancy.schemas import current_municipality
from tenants.recipients.models import Assignment, ProviderKind

from . import rules
from .errors import SettlementError
from .models import DeliveryLine, LineKind, LinePart, LineSource, ReportMonth, ReportStatus

BATCH = 2000  # rows per INSERT: a city's month is tens of thousands of lines
OFFICER_ROLES = frozenset({Role.MUNICIPAL_OFFICER, Role.MUNICIPAL_ADMIN})


@dataclass(frozen=True)
class LineInput:
    """One visit or shift as a provider reports it; `number` is where it came from (the
    line of a CSV file, the row of a form, the index in an API list), for the report."""

    assignment_id: int
    date: datetime.date
    start: datetime.time
    end: datetime.time
    service: str = ""
    number: int = 1


@dataclass(frozen=True)
class LineProblem:
    number: int
    code: str
    message: str


class ReportRefused(DomainError):
    """The whole batch is refused; `problems` says what is wrong on which line."""

    def __init__(self, problems: list[LineProblem]) -> None:
        self.problems = problems
        text = [
            _("Linje %(number)s: %(message)s") % {"number": p.number, "message": p.message}
            for p in problems
        ]
        super().__init__(SettlementError.CSV_LINES, text)
        self.code = str(problems[0].code) if len(problems) == 1 else str(SettlementError.CSV_LINES)


@dataclass
class _Checked:
    line: LineInput
    assignment: AssignmentFacts
    begins: datetime.datetime
    ends: datetime.datetime
    minutes: int
    parts: list[rules.PricedPart] = field(default_factory=list)


def supplier_ids_of(user: User) -> set[int]:
    return set(supplier_assignments(user).values_list("supplier_id", flat=True))


def is_officer(user: User) -> bool:
    return bool(
        OFFICER_ROLES & roles_in_municipality(user=user, municipality=current_municipality())
    )


class AssignmentFacts(NamedTuple):
    """What the rules need of an assignment, read in one light query for a whole batch."""

    pk: int
    provider_kind: str
    supplier_id: int | None  # the approval's supplier, or the joint supplier
    scheme_id: int | None
    starts_on: datetime.date
    ends_on: datetime.date | None
    valid_from: datetime.date
    valid_to: datetime.date | None
    recipient_id: int


def facts_of(ids) -> dict[int, AssignmentFacts]:
    rows = Assignment.objects.filter(pk__in=list(ids)).values_list(
        "pk", "provider_kind", "approval__supplier_id", "joint_supplier_id",
        "approval__scheme_id", "starts_on", "ends_on", "decision__valid_from",
        "decision__valid_to", "decision__recipient_id",
    )  # fmt: skip
    return {
        pk: AssignmentFacts(pk, kind, approval_supplier or joint_supplier, scheme, *rest)
        for pk, kind, approval_supplier, joint_supplier, scheme, *rest in rows
    }


def provider_of(assignment: AssignmentFacts) -> tuple[str, int | None]:
    """(provider kind, supplier id) of the report an assignment's lines go to."""
    if assignment.provider_kind == ProviderKind.MUNICIPAL:
        return ProviderKind.MUNICIPAL, None
    return assignment.provider_kind, assignment.supplier_id


def may_report_for(user: User, assignment: AssignmentFacts, *, supplier_ids: set[int]) -> bool:
    """A supplier reports on its own assignments; the municipality's staff on the municipal
    provider's (for the statistics)."""
    kind, supplier_id = provider_of(assignment)
    if kind == ProviderKind.MUNICIPAL:
        return bool(roles_in_municipality(user=user, municipality=current_municipality()))
    return supplier_id in supplier_ids


def rate_table(assignment: AssignmentFacts, cache: dict) -> rules.RateTable:
    """The scheme's rates for a supplier's assignment. The municipal provider is not paid;
    a joint supplier's rates live in the host's schema and are settled there (not priced)."""
    if assignment.provider_kind != ProviderKind.SUPPLIER:
        return rules.RateTable([], priced=False)
    scheme_id = assignment.scheme_id
    if scheme_id not in cache:
        from tenants.schemes.models import Rate

        cache[scheme_id] = rules.RateTable(
            rules.RateRow(r.unit, r.variant, r.amount, r.valid_from)
            for r in Rate.objects.filter(scheme_id=scheme_id)
        )
    return cache[scheme_id]


def order_reference(kind: str, supplier_id: int | None, month: datetime.date) -> str:
    who = f"L{supplier_id}" if supplier_id else "K"
    return f"{current_municipality().kommunenummer}-{month:%Y%m}-{who}"


def report_for(kind: str, supplier_id: int | None, month: datetime.date) -> ReportMonth:
    report, _created = ReportMonth.objects.select_for_update().get_or_create(
        provider_kind=kind,
        supplier_id=supplier_id,
        month=month,
        defaults={"order_reference": order_reference(kind, supplier_id, month)},
    )
    return report


def live_lines() -> Q:
    """Lines that count: not reversals, and not reversed by one."""
    return ~Q(kind=LineKind.REVERSAL) & ~Q(corrections__kind=LineKind.REVERSAL)


def check_lines(
    *,
    by: User,
    lines: list[LineInput],
    today: datetime.date,
    allow_locked: bool = False,
    for_provider: tuple[str, int | None] | None = None,
) -> list[_Checked]:
    """Every rule on every line; raises ReportRefused with all problems found. An officer's
    correction passes `for_provider`: the replacement must be that provider's assignment."""
    problems: list[LineProblem] = []

    def problem(line: LineInput, code: SettlementError, message: str) -> None:
        problems.append(LineProblem(line.number, str(code), message))

    assignments = facts_of({x.assignment_id for x in lines})
    supplier_ids = supplier_ids_of(by)
    rates: dict = {}
    checked: list[_Checked] = []
    months: dict[tuple[str, int | None, datetime.date], ReportMonth | None] = {}
    for line in lines:
        assignment = assignments.get(line.assignment_id)
        if for_provider is not None:
            allowed = assignment is not None and provider_of(assignment) == for_provider
        else:
            allowed = assignment is not None and may_report_for(
                by, assignment, supplier_ids=supplier_ids
            )
        if not allowed:
            problem(
                line,
                SettlementError.NOT_YOUR_ASSIGNMENT,
                _("Oppdrag %(id)s finnes ikke blant oppdragene dere kan rapportere på.")
                % {"id": line.assignment_id},
            )
            continue
        begins, ends = rules.line_bounds(line.date, line.start, line.end)
        segments = rules.split(begins, ends)
        minutes = sum(segment.minutes for segment in segments)
        if minutes <= 0:
            problem(line, SettlementError.ZERO_LENGTH, _("Slutt må være etter start."))
            continue
        if line.date > today:
            problem(line, SettlementError.FUTURE, _("Datoen er fram i tid."))
            continue
        if line.date < assignment.starts_on or (
            assignment.ends_on is not None and line.date >= assignment.ends_on
        ):
            problem(
                line, SettlementError.OUTSIDE_ASSIGNMENT, _("Datoen er utenfor oppdragets periode.")
            )
            continue
        if line.date < assignment.valid_from or (
            assignment.valid_to is not None and line.date > assignment.valid_to
        ):
            problem(
                line,
                SettlementError.OUTSIDE_DECISION,
                _("Datoen er utenfor perioden vedtaket gjelder."),
            )
            continue
        kind, supplier_id = provider_of(assignment)
        key = (kind, supplier_id, rules.month_of(line.date))
        if key not in months:
            months[key] = ReportMonth.objects.filter(
                provider_kind=kind, supplier_id=supplier_id, month=key[2]
            ).first()
        if months[key] is not None and months[key].locked and not allow_locked:
            problem(
                line,
                SettlementError.MONTH_LOCKED,
                _("Måneden er godkjent og låst; rettelser gjøres som korrigeringslinjer."),
            )
            continue
        parts = rate_table(assignment, rates).price(segments)
        if parts is None:
            problem(
                line,
                SettlementError.NO_RATE,
                _("Ordningen har ingen sats som gjelder denne dagen."),
            )
            continue
        checked.append(_Checked(line, assignment, begins, ends, minutes, parts))
    problems += _overlaps(checked)
    if problems:
        raise ReportRefused(sorted(problems, key=lambda p: p.number))
    return checked


def _overlaps(checked: list[_Checked]) -> list[LineProblem]:
    """Lines for one recipient must not overlap: among themselves, or with lines already
    reported (by any provider)."""
    problems = []
    by_recipient: dict[int, list[_Checked]] = defaultdict(list)
    for c in checked:
        by_recipient[c.assignment.recipient_id].append(c)
    if not by_recipient:
        return []
    # Compared as wall-clock times in Oslo: stored lines are converted once, not every pair.
    earliest = rules.aware(min(c.begins for c in checked))
    latest = rules.aware(max(c.ends for c in checked))
    stored: dict[int, list[tuple[datetime.datetime, datetime.datetime]]] = defaultdict(list)
    for recipient_id, starts_at, ends_at in DeliveryLine.objects.filter(
        live_lines(),
        recipient_id__in=list(by_recipient),
        starts_at__lt=latest,
        ends_at__gt=earliest,
    ).values_list("recipient_id", "starts_at", "ends_at"):
        stored[recipient_id].append((rules.local(starts_at), rules.local(ends_at)))
    message = _("Overlapper med et annet besøk hos samme bruker.")
    for recipient_id, items in by_recipient.items():
        items.sort(key=lambda c: c.begins)
        for before, after in zip(items, items[1:], strict=False):
            if after.begins < before.ends:
                problems.append(LineProblem(after.line.number, SettlementError.OVERLAP, message))
        for c in items:
            b, e = c.begins, c.ends
            if any(s < e and b < t for s, t in stored.get(recipient_id, ())):
                problems.append(LineProblem(c.line.number, SettlementError.OVERLAP, message))
    return problems


def _save(
    checked: list[_Checked],
    *,
    by: User,
    source: str,
    kind: str = LineKind.REPORTED,
    corrects: DeliveryLine | None = None,
    sign: int = 1,
) -> list[DeliveryLine]:
    saved = []
    reports: dict[tuple, ReportMonth] = {}
    for c in checked:
        provider, supplier_id = provider_of(c.assignment)
        key = (provider, supplier_id, rules.month_of(c.line.date))
        if key not in reports:
            reports[key] = report_for(*key)
        amount = sum((p.amount for p in c.parts), Decimal("0.00"))
        saved.append(
            DeliveryLine(
                report=reports[key],
                assignment_id=c.assignment.pk,
                recipient_id=c.assignment.recipient_id,
                date=c.line.date,
                start_time=c.line.start,
                end_time=c.line.end,
                starts_at=rules.aware(c.begins),
                ends_at=rules.aware(c.ends),
                minutes=sign * c.minutes,
                amount=sign * amount,
                service=c.line.service[:120],
                kind=kind,
                corrects=corrects,
                source=source,
                created_by=by,
            )
        )
    DeliveryLine.objects.bulk_create(saved, batch_size=BATCH)
    LinePart.objects.bulk_create(
        [
            LinePart(
                line=line,
                band=p.band,
                on_date=p.on_date,
                minutes=sign * p.minutes,
                quantity=sign * p.quantity,
                unit=p.unit,
                rate=p.rate,
                amount=sign * p.amount,
            )
            for line, c in zip(saved, checked, strict=True)
            for p in c.parts
        ],
        batch_size=BATCH,
    )
    return saved


@transaction.atomic
def report_lines(
    *, by: User, lines: list[LineInput], source: str, today: datetime.date | None = None
) -> list[DeliveryLine]:
    """Report delivered visits or shifts: all accepted, or none (ReportRefused)."""
    if not lines:
        raise DomainError(SettlementError.CSV_EMPTY, _("Ingen linjer å rapportere."))
    checked = check_lines(by=by, lines=lines, today=today or timezone.localdate())
    saved = _save(checked, by=by, source=source)
    for report_id in sorted({line.report_id for line in saved}):
        record(
            action="settlement.lines_reported",
            subject=("settlement.reportmonth", report_id),
            by=by,
            data={"lines": sum(1 for x in saved if x.report_id == report_id), "source": source},
        )
    return saved


@transaction.atomic
def delete_line(*, by: User, line: DeliveryLine) -> None:
    """A provider takes back a line before the month is approved (after that: corrections)."""
    line = DeliveryLine.objects.select_related("report", "assignment__approval").get(pk=line.pk)
    facts = facts_of([line.assignment_id])[line.assignment_id]
    if not may_report_for(by, facts, supplier_ids=supplier_ids_of(by)):
        raise NotAllowed(SettlementError.NOT_YOUR_ASSIGNMENT, _("Dette er ikke deres linje."))
    if line.report.locked:
        raise DomainError(
            SettlementError.MONTH_LOCKED,
            _("Måneden er godkjent og låst; rettelser gjøres som korrigeringslinjer."),
        )
    record(action="settlement.line_deleted", subject=line.report, by=by, data={"line": line.pk})
    line.delete()


def _may_act_as_provider(by: User, report: ReportMonth) -> bool:
    if report.provider_kind == ProviderKind.MUNICIPAL:
        return bool(roles_in_municipality(user=by, municipality=current_municipality()))
    return report.supplier_id in supplier_ids_of(by)


@transaction.atomic
def submit_month(*, by: User, report: ReportMonth) -> ReportMonth:
    """The provider says the month is complete; the municipality may now approve it."""
    report = ReportMonth.objects.select_for_update().get(pk=report.pk)
    if not _may_act_as_provider(by, report):
        raise NotAllowed(SettlementError.NOT_YOUR_ASSIGNMENT, _("Dette er ikke deres måned."))
    if report.status not in (ReportStatus.OPEN, ReportStatus.QUERIED):
        raise DomainError(SettlementError.STATUS, _("Måneden er allerede sendt eller godkjent."))
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.save(update_fields=["status", "submitted_at"])
    record(action="settlement.month_reported", subject=report, by=by, data=_facts(report))
    return report


def _facts(report: ReportMonth) -> dict:
    """Ids, codes and sums only: what the statistics read from the event record."""
    lines = report.lines.all()
    return {
        "month": f"{report.month:%Y-%m}",
        "provider_kind": report.provider_kind,
        "supplier_id": report.supplier_id,
        "lines": lines.count(),
        "minutes": sum(lines.values_list("minutes", flat=True)),
    }


def _require_officer(by: User) -> None:
    if not is_officer(by):
        raise NotAllowed(
            SettlementError.NOT_OFFICER,
            _("Bare kommunens saksbehandlere for ordningene kan gjøre dette."),
        )


@transaction.atomic
def ask_about_line(*, by: User, line: DeliveryLine, question: str) -> DeliveryLine:
    """The municipality asks the provider about a line; the month goes back to the provider."""
    _require_officer(by)
    question = (question or "").strip()
    if not question:
        raise DomainError(SettlementError.QUESTION, _("Skriv spørsmålet."), field="question")
    report = ReportMonth.objects.select_for_update().get(pk=line.report_id)
    if report.locked:
        raise DomainError(SettlementError.MONTH_LOCKED, _("Måneden er godkjent og låst."))
    line.question = question[:1000]
    line.asked_at = timezone.now()
    line.save(update_fields=["question", "asked_at"])
    report.status = ReportStatus.QUERIED
    report.save(update_fields=["status"])
    record(action="settlement.line_queried", subject=report, by=by, data={"line": line.pk})
    return line


@transaction.atomic
def approve_month(*, by: User, report: ReportMonth) -> ReportMonth:
    """Approve and lock the month: from now on only correcting lines change it."""
    _require_officer(by)
    report = ReportMonth.objects.select_for_update().get(pk=report.pk)
    if report.locked:
        raise DomainError(SettlementError.STATUS, _("Måneden er allerede godkjent."))
    report.status = ReportStatus.APPROVED
    report.approved_at = timezone.now()
    report.approved_by = by
    report.save(update_fields=["status", "approved_at", "approved_by"])
    facts = _facts(report)
    facts["amount"] = str(sum(report.lines.values_list("amount", flat=True), Decimal("0.00")))
    record(action="settlement.month_approved", subject=report, by=by, data=facts)
    return report


@transaction.atomic
def correct_line(
    *,
    by: User,
    line: DeliveryLine,
    replacement: LineInput | None = None,
    today: datetime.date | None = None,
) -> list[DeliveryLine]:
    """Correct a line of an approved month: a reversal line cancels it, and the replacement
    (if any) is a new line checked by the same rules. The original is never edited."""
    _require_officer(by)
    line = DeliveryLine.objects.select_related("report").get(pk=line.pk)
    if not line.report.locked:
        raise DomainError(
            SettlementError.STATUS, _("Måneden er ikke godkjent ennå; leverandøren retter selv.")
        )
    if line.kind == LineKind.REVERSAL or line.corrections.filter(kind=LineKind.REVERSAL).exists():
        raise DomainError(SettlementError.ALREADY_CORRECTED, _("Linjen er allerede korrigert."))
    parts = list(line.parts.all())
    reversal = DeliveryLine.objects.create(
        report=line.report,
        assignment_id=line.assignment_id,
        recipient_id=line.recipient_id,
        date=line.date,
        start_time=line.start_time,
        end_time=line.end_time,
        starts_at=line.starts_at,
        ends_at=line.ends_at,
        minutes=-line.minutes,
        amount=-line.amount,
        service=line.service,
        kind=LineKind.REVERSAL,
        corrects=line,
        source=LineSource.OFFICER,
        created_by=by,
    )
    LinePart.objects.bulk_create(
        LinePart(
            line=reversal,
            band=p.band,
            on_date=p.on_date,
            minutes=-p.minutes,
            quantity=-p.quantity,
            unit=p.unit,
            rate=p.rate,
            amount=-p.amount,
        )
        for p in parts
    )
    made = [reversal]
    if replacement is not None:
        checked = check_lines(
            by=by,
            lines=[replacement],
            today=today or timezone.localdate(),
            allow_locked=True,
            for_provider=(line.report.provider_kind, line.report.supplier_id),
        )
        made += _save(
            checked, by=by, source=LineSource.OFFICER, kind=LineKind.CORRECTION, corrects=line
        )
    record(
        action="settlement.line_corrected",
        subject=line.report,
        by=by,
        data={"line": line.pk, "new_lines": [x.pk for x in made]},
    )
    return made

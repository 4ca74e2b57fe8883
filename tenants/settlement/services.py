"""Reporting delivered service and settling it: every way in (form, CSV, API) calls
`report_lines`, which accepts the whole batch or refuses it whole with a problem per line."""

from __future__ import annotations

import datetime
import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL
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


@dataclass(slots=True)
class _Checked:
    line: LineInput
    assignment: AssignmentFacts
    begins: datetime.datetime
    ends: datetime.datetime
    minutes: int
    parts: list[rules.PricedPart] = field(default_factory=list)
    priced: rules.PricedLine | None = None  # the line's price and stored times, shared


def supplier_ids_of(user: User) -> set[int]:
    return set(supplier_assignments(user).values_list("supplier_id", flat=True))


def _is_officer(user: User) -> bool:
    return bool(
        OFFICER_ROLES & roles_in_municipality(user=user, municipality=current_municipality())
    )


class AssignmentFacts(NamedTuple):
    """What the rules need of an assignment, read in one light query for a whole batch."""

    pk: int
    provider_kind: str
    supplier_id: int | None  # the approval's supplier, or the joint supplier
    scheme_id: int | None  # this municipality's scheme (a joint scheme's is the host's)
    joint_host_id: int | None
    joint_approval_id: int | None
    starts_on: datetime.date
    ends_on: datetime.date | None
    valid_from: datetime.date
    valid_to: datetime.date | None
    recipient_id: int


def _any_of(ids) -> RawSQL:
    """`pk__in` for thousands of ids as one array parameter, not thousands of parameters."""
    return RawSQL("SELECT unnest(%s::bigint[])", (sorted(ids),))


def _facts_of(ids) -> dict[int, AssignmentFacts]:
    rows = Assignment.objects.filter(pk__in=_any_of(ids)).values_list(
        "pk", "provider_kind", "approval__supplier_id", "joint_supplier_id",
        "approval__scheme_id", "joint_host_id", "joint_approval_id", "starts_on", "ends_on",
        "decision__valid_from", "decision__valid_to", "decision__recipient_id",
    )  # fmt: skip
    return {
        pk: AssignmentFacts(pk, kind, approval_supplier or joint_supplier, *rest)
        for pk, kind, approval_supplier, joint_supplier, *rest in rows
    }


def _provider_of(assignment: AssignmentFacts) -> tuple[str, int | None]:
    """(provider kind, supplier id) of the report an assignment's lines go to."""
    if assignment.provider_kind == ProviderKind.MUNICIPAL:
        return ProviderKind.MUNICIPAL, None
    return assignment.provider_kind, assignment.supplier_id


def _may_report_for(user: User, assignment: AssignmentFacts, *, supplier_ids: set[int]) -> bool:
    """A supplier reports on its own assignments; the municipality's staff on the municipal
    provider's (for the statistics)."""
    kind, supplier_id = _provider_of(assignment)
    if kind == ProviderKind.MUNICIPAL:
        return bool(roles_in_municipality(user=user, municipality=current_municipality()))
    return supplier_id in supplier_ids


def _rate_tables(assignments: Iterable[AssignmentFacts]) -> dict[int, rules.RateTable]:
    """Each assignment's rate table, read in one query per kind of scheme: a supplier's at its
    scheme's rates, a joint scheme's supplier at the host's scheme (the approval and its rates
    live there; this municipality pays). The municipal provider is not paid."""
    from .selectors import joint_rate_tables, rate_tables

    assignments = list(assignments)
    unpriced = rules.RateTable([], priced=False)
    local = rate_tables({a.scheme_id for a in assignments if a.scheme_id is not None})
    hosts: dict[int, set[int]] = defaultdict(set)
    for a in assignments:
        if a.provider_kind == ProviderKind.JOINT:
            hosts[a.joint_host_id].add(a.joint_approval_id)
    joint = {
        (host_id, approval_id): table
        for host_id, approvals in hosts.items()
        for approval_id, table in joint_rate_tables(host_id, approvals).items()
    }
    out: dict[int, rules.RateTable] = {}
    for a in assignments:
        if a.provider_kind == ProviderKind.SUPPLIER:
            out[a.pk] = local.get(a.scheme_id) or rules.RateTable([])
        elif a.provider_kind == ProviderKind.JOINT:
            out[a.pk] = joint.get((a.joint_host_id, a.joint_approval_id)) or rules.RateTable([])
        else:
            out[a.pk] = unpriced
    return out


def _order_reference(kind: str, supplier_id: int | None, month: datetime.date) -> str:
    who = f"L{supplier_id}" if supplier_id else "K"
    return f"{current_municipality().kommunenummer}-{month:%Y%m}-{who}"


def _report_for(kind: str, supplier_id: int | None, month: datetime.date) -> ReportMonth:
    report, _created = ReportMonth.objects.select_for_update().get_or_create(
        provider_kind=kind,
        supplier_id=supplier_id,
        month=month,
        defaults={"order_reference": _order_reference(kind, supplier_id, month)},
    )
    return report


def _live_lines() -> Q:
    """Lines that count: not reversals, and not reversed by one."""
    return ~Q(kind=LineKind.REVERSAL) & ~Q(corrections__kind=LineKind.REVERSAL)


BIG_BATCH = 5000  # lines: a city supplier's month, not a form or a small file


@contextmanager
def _without_gc_pauses(size: int) -> Iterator[None]:
    """A city's month makes hundreds of thousands of small objects that all live until the
    batch is done; the cyclic collector would walk them over and over (measured: almost half
    the time of checking). Reference counting still frees what dies; collection resumes after
    the batch. Small batches are left alone."""
    if size < BIG_BATCH or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def check_lines(
    *,
    by: User,
    lines: list[LineInput],
    today: datetime.date,
    allow_locked: bool = False,
    for_provider: tuple[str, int | None] | None = None,
) -> list[_Checked]:
    """Every rule on every line; raises ReportRefused with all problems found."""
    with _without_gc_pauses(len(lines)):
        return _check_lines(
            by=by, lines=lines, today=today, allow_locked=allow_locked, for_provider=for_provider
        )


def _check_lines(
    *,
    by: User,
    lines: list[LineInput],
    today: datetime.date,
    allow_locked: bool,
    for_provider: tuple[str, int | None] | None,
) -> list[_Checked]:
    """Every rule on every line; raises ReportRefused with all problems found. An officer's
    correction passes `for_provider`: the replacement must be that provider's assignment.

    A city's month is tens of thousands of lines: the assignments, decisions and rates are
    read in one go, what depends on the assignment only is decided once per assignment, and
    each distinct visit is split and priced once (`RateTable.line`)."""
    problems: list[LineProblem] = []

    def problem(line: LineInput, code: SettlementError, message: str) -> None:
        problems.append(LineProblem(line.number, str(code), message))

    assignments = _facts_of({x.assignment_id for x in lines})
    tables = _rate_tables(assignments.values())
    supplier_ids = supplier_ids_of(by)
    # Decided once per assignment: may this user report on it, and how its lines are priced.
    usable: dict[int, tuple[AssignmentFacts, Callable, tuple[str, int | None]]] = {}
    for a in assignments.values():
        if for_provider is not None:
            allowed = _provider_of(a) == for_provider
        else:
            allowed = _may_report_for(by, a, supplier_ids=supplier_ids)
        if allowed:
            usable[a.pk] = (a, tables[a.pk].line, _provider_of(a))
    locked = {
        (r.provider_kind, r.supplier_id, r.month)
        for r in ReportMonth.objects.filter(
            status=ReportStatus.APPROVED,
            month__in={rules.month_of(day) for day in {x.date for x in lines}},
        )
    }
    if allow_locked:
        locked = set()
    checked: list[_Checked] = []
    for line in lines:
        found = usable.get(line.assignment_id)
        if found is None:
            problem(
                line,
                SettlementError.NOT_YOUR_ASSIGNMENT,
                _("Oppdrag %(id)s finnes ikke blant oppdragene dere kan rapportere på.")
                % {"id": line.assignment_id},
            )
            continue
        assignment, priced_line, provider = found
        priced = priced_line(line.date, line.start, line.end)
        begins, ends, minutes, parts = priced.begins, priced.ends, priced.minutes, priced.parts
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
        if locked and (*provider, line.date.replace(day=1)) in locked:
            problem(
                line,
                SettlementError.MONTH_LOCKED,
                _("Måneden er godkjent og låst; rettelser gjøres som korrigeringslinjer."),
            )
            continue
        if parts is None:
            problem(
                line,
                SettlementError.NO_RATE,
                _("Ordningen har ingen sats som gjelder denne dagen."),
            )
            continue
        checked.append(_Checked(line, assignment, begins, ends, minutes, parts, priced))
    problems += _overlaps(checked)
    if problems:
        raise ReportRefused(sorted(problems, key=lambda p: p.number))
    return checked


def _overlaps(checked: list[_Checked]) -> list[LineProblem]:
    """Lines for one recipient must not overlap: among themselves, or with lines already
    reported (by any provider). Sorted per recipient, each line is compared with the latest
    end before it, not with every other line."""
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
        _live_lines(),
        recipient_id__in=_any_of(by_recipient),
        starts_at__lt=latest,
        ends_at__gt=earliest,
    ).values_list("recipient_id", "starts_at", "ends_at"):
        stored[recipient_id].append((rules.local(starts_at), rules.local(ends_at)))
    message = _("Overlapper med et annet besøk hos samme bruker.")
    for recipient_id, items in by_recipient.items():
        items.sort(key=lambda c: c.begins)
        latest_end = None
        for c in items:
            if latest_end is not None and c.begins < latest_end:
                problems.append(LineProblem(c.line.number, SettlementError.OVERLAP, message))
            if latest_end is None or c.ends > latest_end:
                latest_end = c.ends
        for c in items if recipient_id in stored else ():
            b, e = c.begins, c.ends
            if any(s < e and b < t for s, t in stored[recipient_id]):
                problems.append(LineProblem(c.line.number, SettlementError.OVERLAP, message))
    return problems


_LINE_COLUMNS = (
    "id", "report_id", "assignment_id", "recipient_id", "date", "start_time", "end_time",
    "starts_at", "ends_at", "minutes", "amount", "service", "kind", "corrects_id", "source",
    "question", "asked_at", "created_at", "created_by_id",
)  # fmt: skip
_PART_COLUMNS = ("line_id", "band", "on_date", "minutes", "quantity", "unit", "rate", "amount")


def _copy(cursor, model, columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
    """PostgreSQL COPY: a city's month is written in seconds, not a minute of INSERTs."""
    table = connection.ops.quote_name(model._meta.db_table)
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


class SavedLines(Sequence[DeliveryLine]):
    """The lines a report saved, in the order sent. A city's month is tens of thousands of
    lines that most callers only count; the models are read when someone looks at them."""

    def __init__(self, ids: list[int], reports: dict[int, int]) -> None:
        self.ids = ids
        self.lines_per_report = reports
        self._lines: list[DeliveryLine] | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def _load(self) -> list[DeliveryLine]:
        if self._lines is None:
            found = DeliveryLine.objects.select_related("report").in_bulk(self.ids)
            self._lines = [found[pk] for pk in self.ids]
        return self._lines

    def __getitem__(self, index):
        return self._load()[index]

    def __iter__(self) -> Iterator[DeliveryLine]:
        return iter(self._load())


def _save(
    checked: list[_Checked],
    *,
    by: User,
    source: str,
    kind: str = LineKind.REPORTED,
    corrects: DeliveryLine | None = None,
) -> SavedLines:
    """Write the checked lines and their priced parts with COPY, ids taken from the table's
    own sequence first so the parts can point at their lines."""
    with _without_gc_pauses(len(checked)):
        return _copy_lines(checked, by=by, source=source, kind=kind, corrects=corrects)


def _copy_lines(
    checked: list[_Checked],
    *,
    by: User,
    source: str,
    kind: str,
    corrects: DeliveryLine | None,
) -> SavedLines:
    if not checked:
        return SavedLines([], {})
    reports: dict[tuple, ReportMonth] = {}
    for c in checked:
        provider, supplier_id = _provider_of(c.assignment)
        key = (provider, supplier_id, c.line.date.replace(day=1))
        if key not in reports:
            reports[key] = _report_for(*key)
    now = timezone.now()
    corrects_id = corrects.pk if corrects is not None else None
    zero = Decimal("0.00")
    per_report: dict[int, int] = defaultdict(int)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [DeliveryLine._meta.db_table, len(checked)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        rows = []
        for pk, c in zip(ids, checked, strict=True):
            a, line = c.assignment, c.line
            report_id = reports[(*_provider_of(a), line.date.replace(day=1))].pk
            per_report[report_id] += 1
            priced = c.priced or rules.PricedLine(
                c.begins, c.ends, c.minutes, c.parts, sum((p.amount for p in c.parts), zero),
                rules.aware(c.begins), rules.aware(c.ends),
            )  # fmt: skip
            rows.append(
                (pk, report_id, a.pk, a.recipient_id, line.date, line.start, line.end,
                 priced.starts_at, priced.ends_at, c.minutes, priced.amount, line.service[:120],
                 kind, corrects_id, source, "", None, now, by.pk)
            )  # fmt: skip
        _copy(cursor.cursor, DeliveryLine, _LINE_COLUMNS, rows)
        _copy(
            cursor.cursor,
            LinePart,
            _PART_COLUMNS,
            (
                (pk, p.band, p.on_date, p.minutes, p.quantity, p.unit, p.rate, p.amount)
                for pk, c in zip(ids, checked, strict=True)
                for p in c.parts
            ),
        )
    return SavedLines(ids, dict(per_report))


@transaction.atomic
def report_lines(
    *, by: User, lines: list[LineInput], source: str, today: datetime.date | None = None
) -> SavedLines:
    """Report delivered visits or shifts: all accepted, or none (ReportRefused)."""
    if not lines:
        raise DomainError(SettlementError.CSV_EMPTY, _("Ingen linjer å rapportere."))
    checked = check_lines(by=by, lines=lines, today=today or timezone.localdate())
    saved = _save(checked, by=by, source=source)
    for report_id, count in sorted(saved.lines_per_report.items()):
        record(
            action="settlement.lines_reported",
            subject=("settlement.reportmonth", report_id),
            by=by,
            data={"lines": count, "source": source},
        )
    return saved


@transaction.atomic
def delete_line(*, by: User, line: DeliveryLine) -> None:
    """A provider takes back a line before the month is approved (after that: corrections)."""
    line = DeliveryLine.objects.select_related("report", "assignment__approval").get(pk=line.pk)
    facts = _facts_of([line.assignment_id])[line.assignment_id]
    if not _may_report_for(by, facts, supplier_ids=supplier_ids_of(by)):
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
    if not _is_officer(by):
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

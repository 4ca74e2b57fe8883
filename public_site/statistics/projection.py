"""Counting into the facts: the services that change state in a municipality call these in
their own transaction (in that municipality's schema; the facts live in the public schema,
which stays on the search path), so the statistics never disagree with what happened.

Each function names a state change, not a column, so a service says what it did and this
module alone knows which figures move. The nightly reconciliation (`reconcile.py`) recomputes
the same figures from each schema and repairs any drift."""

from __future__ import annotations

import datetime

from django.db import connection
from django.utils import timezone

from fritt.tenancy.schemas import current_municipality

from . import rollups
from .models import COUNTS, Fact


def month_of(moment: datetime.datetime | datetime.date | None) -> datetime.date:
    if moment is None:
        moment = timezone.now()
    if isinstance(moment, datetime.datetime):
        moment = timezone.localdate(moment)
    return moment.replace(day=1)


def count(
    *,
    service_type_id: int | None,
    at: datetime.datetime | datetime.date | None = None,
    municipality=None,
    processing_days: int | None = None,
    **deltas: int,
) -> None:
    """Add `deltas` to the fact of (municipality, service, month of `at`), creating it if
    needed: one statement (an upsert), so counting costs a state change almost nothing."""
    unknown = set(deltas) - set(COUNTS)
    if unknown:
        raise ValueError(f"not a statistics column: {sorted(unknown)}")
    deltas = {name: delta for name, delta in deltas.items() if delta}
    if not deltas and processing_days is None:
        return
    month = month_of(at)
    values = [(municipality or current_municipality()).pk, service_type_id, month]
    values += [deltas.get(name, 0) for name in COUNTS]
    updates = [f"{name} = f.{name} + EXCLUDED.{name}" for name in deltas]
    days_value = "'{}'::jsonb"
    if processing_days is not None:
        key = str(processing_days)
        days_value = "jsonb_build_object(%s, 1)"
        values.append(key)
        updates.append(
            "processing_days = jsonb_set(f.processing_days, ARRAY[%s], "
            "to_jsonb(COALESCE((f.processing_days->>%s)::int, 0) + 1))"
        )
        values += [key, key]
    columns = ", ".join(["municipality_id", "service_type_id", "month", *COUNTS, "processing_days"])
    placeholders = ", ".join(["%s"] * (3 + len(COUNTS)) + [days_value])
    # Column names come from the model, values travel as parameters.
    sql = (
        f"INSERT INTO {Fact._meta.db_table} AS f ({columns}) VALUES ({placeholders}) "  # noqa: S608
        f"ON CONFLICT (municipality_id, service_type_id, month) DO UPDATE SET {', '.join(updates)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
    if month < month_of(None):
        rollups.invalidate(month)


# --- Schemes ----------------------------------------------------------------------------------


def scheme_published(*, scheme) -> None:
    count(service_type_id=scheme.service_type_id, schemes_live=1)
    scheme_moved(scheme_id=scheme.pk)


def scheme_ended(*, scheme) -> None:
    count(service_type_id=scheme.service_type_id, schemes_live=-1)
    scheme_moved(scheme_id=scheme.pk)


def scheme_moved(*, scheme_id: int) -> None:
    """The scheme, one of its approvals or who takes part in it changed: recount where it
    counts, month by month (`schemes.py`; run in the host's schema)."""
    from .schemes import scheme_changed  # it reads the host's tables; imported when counting

    scheme_changed(scheme_id=scheme_id)


# --- Applications and approvals ---------------------------------------------------------------


def application_received(*, application) -> None:
    count(
        service_type_id=application.scheme.service_type_id,
        at=application.submitted_at,
        applications_received=1,
    )


def processing(application) -> tuple[int, bool]:
    """(days from submission to decision, decided by the deadline), in Norwegian dates."""
    decided = timezone.localdate(application.decided_at)
    days = (decided - timezone.localdate(application.submitted_at)).days
    return days, decided <= application.decision_due


def application_decided(*, application) -> None:
    """Approved, rejected or withdrawn (the outcome is the application's status)."""
    column = f"applications_{application.status}"
    service = application.scheme.service_type_id
    if application.status == "withdrawn":
        count(service_type_id=service, at=application.decided_at, **{column: 1})
        return
    days, in_time = processing(application)
    count(
        service_type_id=service,
        at=application.decided_at,
        processing_days=days,
        decided_within_deadline=int(in_time),
        **{column: 1},
    )


# What each move of an approval does to the figures, given whether it was active before.
APPROVAL_MOVES = {
    "approved": lambda was_active: {"suppliers_active": 1},
    "suspended": lambda was_active: {"suspensions": 1, "suppliers_active": -1},
    "reinstated": lambda was_active: {"suppliers_active": 1},
    "revoked": lambda was_active: {"revocations": 1, "suppliers_active": -int(was_active)},
    "ended": lambda was_active: {"approvals_ended": 1, "suppliers_active": -int(was_active)},
}


def approval_deltas(
    *,
    moves: list[tuple[datetime.datetime, str]],
    expires_at: datetime.datetime | None,
) -> Deltas:
    """Everything one approval adds to its service's figures, by month: each move (`moves`:
    (when, action) in order) as `APPROVAL_MOVES` counts it, given whether it was active then,
    and, for one still active or suspended whose period runs out (`expires_at`), its end then.
    The services and the nightly reconciliation both count with this one function."""
    out: dict[datetime.date, dict[str, int]] = {}
    active = False
    ending = [(expires_at, "ended")] if expires_at is not None else []
    for at, action in [*moves, *ending]:
        move = APPROVAL_MOVES.get(action)
        if move is None:
            continue
        cell = out.setdefault(month_of(at), {})
        for column, delta in move(active).items():
            cell[column] = cell.get(column, 0) + delta
        active = action in ("approved", "reinstated")
    return {m: {c: n for c, n in cell.items() if n} for m, cell in out.items()}


# --- Recipients -------------------------------------------------------------------------------


REASON_COLUMNS = {
    "recipient": "chosen_recipient",
    "proxy": "chosen_proxy",
    "case_worker": "chosen_case_worker",
    "default_municipal": "assigned_default",
    "default_rotation": "assigned_default",
    "revoked_fallback": "assigned_fallback",
}
CHOSEN = {"recipient", "proxy", "case_worker"}


def served_column(provider_kind: str) -> str:
    return "served_municipal" if provider_kind == "municipal" else "served_private"


Deltas = dict[datetime.date, dict[str, int]]


def decision_deltas(
    *,
    created_at: datetime.datetime,
    ends_on: datetime.date | None,
    assignments: list[tuple[datetime.date, datetime.date | None, str, str]],
) -> Deltas:
    """Everything one decision adds to its service's figures, by month.

    The decision counts from the month it was made to the month it ends (its last day, or the
    day it was annulled). Each assignment that took effect (an assignment replaced or cancelled
    before its start has `ends_on == starts_on` and never counts) serves from the month of its
    start to the month of its end, or of the decision's end if that comes first (a decision
    past its last day serves nobody, whether or not anyone has ended it yet), counts how the
    provider was chosen in the month it starts, and is a switch then when it was chosen after
    another provider. `assignments` are (starts_on, ends_on, provider kind, reason) in the
    order they were made. The services and the nightly reconciliation both count with this
    one function."""
    out: dict[datetime.date, dict[str, int]] = {}

    def add(month: datetime.date, column: str, delta: int) -> None:
        cell = out.setdefault(month, {})
        cell[column] = cell.get(column, 0) + delta

    start = month_of(created_at)
    add(start, "decisions", 1)
    if ends_on is not None:
        add(max(month_of(ends_on), start), "decisions", -1)
    served_before = False
    for starts_on, stops_on, kind, reason in assignments:
        if ends_on is not None and (stops_on is None or stops_on > ends_on):
            # Ending the decision ends its assignments the same way (`_end_assignments`).
            stops_on = max(ends_on, starts_on)
        if stops_on is not None and stops_on <= starts_on:
            continue
        month = month_of(starts_on)
        add(month, served_column(kind), 1)
        add(month, REASON_COLUMNS[reason], 1)
        if served_before and reason in CHOSEN:
            add(month, "switches", 1)
        if stops_on is not None:
            add(month_of(stops_on), served_column(kind), -1)
        served_before = True
    return {m: {c: n for c, n in cell.items() if n} for m, cell in out.items()}


def figures_moved(*, service_type_id: int, before: Deltas, after: Deltas) -> None:
    """Count what a change to a decision (or its assignments) or an approval did: `after`
    less `before`."""
    for month in sorted(set(before) | set(after)):
        was, now = before.get(month, {}), after.get(month, {})
        deltas = {c: now.get(c, 0) - was.get(c, 0) for c in set(was) | set(now)}
        count(service_type_id=service_type_id, at=month, **deltas)


def rechoice_requested(*, decision) -> None:
    count(service_type_id=decision.service_type_id, rechoices=1)


def case_column(kind: str, provider_kind: str) -> str:
    side = "municipal" if provider_kind == "municipal" else "private"
    return f"{kind}s_{side}"


def case_service(case) -> int | None:
    return case.approval.scheme.service_type_id if case.approval_id else None


def case_registered(*, case) -> None:
    count(
        service_type_id=case_service(case),
        at=case.received_on,
        **{case_column(case.kind, case.provider_kind): 1},
    )


def case_status_changed(*, case, was_closed: bool) -> None:
    now_closed = case.status == "closed"
    if now_closed != was_closed:
        count(
            service_type_id=case_service(case),
            at=case.received_on,
            **{f"{case.kind}s_closed": 1 if now_closed else -1},
        )

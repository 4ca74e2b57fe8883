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


def scheme_ended(*, scheme) -> None:
    count(service_type_id=scheme.service_type_id, schemes_live=-1)


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


def approval_moved(*, approval, action: str, was_active: bool) -> None:
    move = APPROVAL_MOVES.get(action)
    if move is not None:
        count(service_type_id=approval.scheme.service_type_id, **move(was_active))


# --- Recipients -------------------------------------------------------------------------------


def decision_made(*, decision) -> None:
    count(service_type_id=decision.service_type_id, decisions=1)


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


def assignment_deltas(*, previous_kind: str | None, kind: str, reason: str) -> dict[str, int]:
    """A decision's provider is its latest assignment: a new one moves the decision from the
    previous kind of provider to this one; a chosen one after another is a switch."""
    deltas = {REASON_COLUMNS[reason]: 1}
    deltas[served_column(kind)] = 1
    if previous_kind is not None:
        deltas[served_column(previous_kind)] = deltas.get(served_column(previous_kind), 0) - 1
        if reason in CHOSEN:
            deltas["switches"] = 1
    return deltas


def assignment_started(*, decision, previous_kind: str | None, kind: str, reason: str) -> None:
    count(
        service_type_id=decision.service_type_id,
        **assignment_deltas(previous_kind=previous_kind, kind=kind, reason=reason),
    )


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

"""The nightly check of the facts: recompute one municipality's figures from its own schema
(by the same rules `projection.py` counts with as things happen), report every cell that
drifted and put the recomputed value in its place."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from fritt.events.models import Event
from fritt.events.services import record
from fritt.tenancy.schemas import current_municipality
from tenants.applications import counting as approval_counting
from tenants.applications.models import Application, ApplicationStatus, Approval, ApprovalEvent
from tenants.recipients import counting
from tenants.recipients.models import Assignment, DecisionStatus, QualityCase, ServiceDecision
from tenants.recipients.services.rechoice import RECHOICE_REQUESTED
from tenants.schemes.models import SchemeAction, SchemeHistory
from tenants.settlement.models import DeliveryLine

from . import projection, rollups, schemes
from .models import COUNTS, NIGHTLY, Fact

logger = logging.getLogger(__name__)

Key = tuple[int | None, datetime.date]


@dataclass(frozen=True)
class Drift:
    service_type_id: int | None
    month: datetime.date
    column: str
    stored: object
    computed: object


class _Tally:
    def __init__(self) -> None:
        self.cells: dict[Key, dict] = defaultdict(lambda: defaultdict(int))

    def add(self, service_type_id, at, processing_days: int | None = None, **deltas) -> None:
        cell = self.cells[(service_type_id, projection.month_of(at))]
        for name, delta in deltas.items():
            cell[name] += delta
        if processing_days is not None:
            days = cell.setdefault("processing_days", {})
            days[str(processing_days)] = days.get(str(processing_days), 0) + 1


def recompute() -> dict[Key, dict]:
    """Every fact of the current municipality, from its own tables (run in its schema)."""
    tally = _Tally()
    for row in SchemeHistory.objects.filter(
        action__in=[SchemeAction.PUBLISHED, SchemeAction.ENDED]
    ).values("action", "at", "scheme__service_type_id"):
        step = 1 if row["action"] == SchemeAction.PUBLISHED else -1
        tally.add(row["scheme__service_type_id"], row["at"], schemes_live=step)

    decided = [ApplicationStatus.APPROVED, ApplicationStatus.REJECTED]
    for application in Application.objects.select_related("scheme"):
        service = application.scheme.service_type_id
        tally.add(service, application.submitted_at, applications_received=1)
        if application.decided_at is None:
            continue
        if application.status in decided:
            days, in_time = projection.processing(application)
            tally.add(
                service, application.decided_at, processing_days=days,
                decided_within_deadline=int(in_time),
                **{f"applications_{application.status}": 1},
            )  # fmt: skip
        elif application.status == ApplicationStatus.WITHDRAWN:
            tally.add(service, application.decided_at, applications_withdrawn=1)

    moves: dict[int, list] = defaultdict(list)
    for approval_id, at, action in ApprovalEvent.objects.order_by("at", "pk").values_list(
        "approval_id", "at", "action"
    ):
        moves[approval_id].append((at, action))
    approvals = Approval.objects.values("pk", "status", "valid_until", "scheme__service_type_id")
    for approval in approvals:
        own = moves.get(approval["pk"], [])
        deltas = projection.approval_deltas(
            moves=own,
            expires_at=approval_counting.expires_at(
                status=approval["status"], valid_until=approval["valid_until"],
                last_move=own[-1][0] if own else None,
            ),
        )  # fmt: skip
        for month, cell in deltas.items():
            tally.add(approval["scheme__service_type_id"], month, **cell)

    annulled = {
        int(subject_id): timezone.localdate(at)
        for subject_id, at in Event.objects.filter(
            action=counting.ANNULLED, subject_type=counting.DECISION_SUBJECT
        ).values_list("subject_id", "at")
    }
    assignments: dict[int, list] = defaultdict(list)
    for row in Assignment.objects.order_by("created_at", "pk").values_list(
        "decision_id", "starts_on", "ends_on", "provider_kind", "reason"
    ):
        assignments[row[0]].append(row[1:])
    for decision in ServiceDecision.objects.values(
        "pk", "service_type_id", "created_at", "valid_to", "status"
    ):
        annulled_on = None
        if decision["status"] == DecisionStatus.ANNULLED:
            annulled_on = annulled.get(decision["pk"], timezone.localdate())
        deltas = projection.decision_deltas(
            created_at=decision["created_at"],
            ends_on=counting.decision_end(valid_to=decision["valid_to"], annulled_on=annulled_on),
            assignments=assignments.get(decision["pk"], []),
        )
        for month, cell in deltas.items():
            tally.add(decision["service_type_id"], month, **cell)

    for event in Event.objects.filter(action=RECHOICE_REQUESTED).values("at", "data"):
        tally.add(event["data"].get("service_type"), event["at"], rechoices=1)

    delivered = (
        DeliveryLine.objects.values(
            "report__provider_kind", "report__month", "assignment__decision__service_type_id"
        )
        .annotate(minutes=Sum("minutes"))
        .order_by()
    )
    for row in delivered:
        column = "minutes_municipal" if row["report__provider_kind"] == "municipal" else (
            "minutes_private"
        )  # fmt: skip
        tally.add(
            row["assignment__decision__service_type_id"], row["report__month"],
            **{column: row["minutes"] or 0},
        )  # fmt: skip

    for case in QualityCase.objects.select_related("approval__scheme"):
        service = projection.case_service(case)
        tally.add(
            service, case.received_on, **{projection.case_column(case.kind, case.provider_kind): 1}
        )
        if case.status == "closed":
            tally.add(service, case.received_on, **{f"{case.kind}s_closed": 1})
    return {key: dict(cell) for key, cell in tally.cells.items()}


@transaction.atomic
def repair(*, municipality, computed: dict[Key, dict]) -> list[Drift]:
    """Make the stored facts of `municipality` equal `computed`; return what differed."""
    stored = {
        (f.service_type_id, f.month): f
        for f in Fact.objects.select_for_update().filter(municipality=municipality)
    }
    drifts: list[Drift] = []
    changed_months: list[datetime.date] = []
    for key in sorted(set(stored) | set(computed), key=lambda k: (k[1], k[0] or 0)):
        fact = stored.get(key) or Fact(
            municipality=municipality, service_type_id=key[0], month=key[1]
        )
        want = computed.get(key, {})
        changed = []
        for column in (*COUNTS, "processing_days"):
            value = want.get(column, {} if column == "processing_days" else 0)
            if getattr(fact, column) != value:
                if column not in NIGHTLY:
                    drifts.append(Drift(key[0], key[1], column, getattr(fact, column), value))
                setattr(fact, column, value)
                changed.append(column)
        if changed:
            changed_months.append(key[1])
        if fact.pk is None:
            if changed:
                fact.save()
        elif changed:
            fact.save(update_fields=changed)
    if changed_months:
        rollups.invalidate(min(changed_months))
    return drifts


def reconcile_current() -> list[Drift]:
    """Recompute and repair the municipality whose schema is active."""
    municipality = current_municipality()
    drifts = repair(municipality=municipality, computed=recompute())
    with transaction.atomic():
        drifts += [
            Drift(None, month, column, stored, computed)
            for _s, _m, month, column, stored, computed in schemes.store(
                host=municipality, computed=schemes.compute()
            )
        ]
    if drifts:
        record(
            action="statistics.repaired",
            subject=("statistics.fact", municipality.kommunenummer),
            data={"cells": len(drifts), "columns": sorted({d.column for d in drifts})},
        )
        logger.warning(
            "statistics drift repaired in %s: %d cells (%s)",
            municipality.kommunenummer,
            len(drifts),
            ", ".join(sorted({d.column for d in drifts})),
        )
    return drifts

"""What a decision and its assignments add to the national statistics, read from this
schema's tables, so every service that changes them counts the difference in its own
transaction (and the nightly reconciliation recounts with the same function)."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterator

from django.utils import timezone

from fritt.events.models import Event
from public_site.statistics import projection as statistics

from .models import Assignment, DecisionStatus, ServiceDecision

ANNULLED = "decision.annulled"
DECISION_SUBJECT = ServiceDecision._meta.label_lower


def decision_end(
    *, valid_to: datetime.date | None, annulled_on: datetime.date | None
) -> datetime.date | None:
    ends = [d for d in (valid_to, annulled_on) if d is not None]
    return min(ends) if ends else None


def figures(decision_id: int) -> statistics.Deltas:
    """The decision's contribution as it stands in the database now."""
    row = ServiceDecision.objects.values("created_at", "valid_to", "status").get(pk=decision_id)
    annulled_on = None
    if row["status"] == DecisionStatus.ANNULLED:
        at = (
            Event.objects.filter(
                action=ANNULLED, subject_type=DECISION_SUBJECT, subject_id=str(decision_id)
            )
            .values_list("at", flat=True)
            .first()
        )
        # Inside the annulling service its event is not written yet: it is today.
        annulled_on = timezone.localdate(at) if at else timezone.localdate()
    assignments = list(
        Assignment.objects.filter(decision_id=decision_id)
        .order_by("created_at", "pk")
        .values_list("starts_on", "ends_on", "provider_kind", "reason")
    )
    return statistics.decision_deltas(
        created_at=row["created_at"],
        ends_on=decision_end(valid_to=row["valid_to"], annulled_on=annulled_on),
        assignments=assignments,
    )


@contextlib.contextmanager
def counted(decision: ServiceDecision, *, new: bool = False) -> Iterator[None]:
    """Count what the block does to `decision` (a `new` one counted nothing before)."""
    before = {} if new else figures(decision.pk)
    yield
    statistics.decision_moved(
        service_type_id=decision.service_type_id, before=before, after=figures(decision.pk)
    )

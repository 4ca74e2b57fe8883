"""What a decision and its assignments add to the national statistics, read from this
schema's tables, so every service that changes them counts the difference in its own
transaction (and the nightly reconciliation recounts with the same function)."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterator

from django.db import connection
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


def _figures_sql() -> str:
    decisions, assignments = ServiceDecision._meta.db_table, Assignment._meta.db_table
    # Table names come from the models; the decision's id travels as a parameter.
    return (
        "SELECT d.created_at, d.valid_to, d.status, a.starts_on, a.ends_on, "  # noqa: S608
        f"a.provider_kind, a.reason FROM {decisions} d LEFT JOIN {assignments} a "
        "ON a.decision_id = d.id WHERE d.id = %s ORDER BY a.created_at, a.id"
    )


def figures(decision_id: int) -> statistics.Deltas:
    """The decision's contribution as it stands in the database now."""
    # One statement, written out: every change to a decision reads this twice, and building
    # the query through the ORM cost more than running it.
    with connection.cursor() as cursor:
        cursor.execute(_figures_sql(), [decision_id])
        rows = cursor.fetchall()
    if not rows:
        raise ServiceDecision.DoesNotExist(decision_id)
    created_at, valid_to, status = rows[0][:3]
    annulled_on = None
    if status == DecisionStatus.ANNULLED:
        at = (
            Event.objects.filter(
                action=ANNULLED, subject_type=DECISION_SUBJECT, subject_id=str(decision_id)
            )
            .values_list("at", flat=True)
            .first()
        )
        # Inside the annulling service its event is not written yet: it is today.
        annulled_on = timezone.localdate(at) if at else timezone.localdate()
    # A decision without assignments joins to one row of NULLs (starts_on is never NULL).
    assignments = [row[3:] for row in rows if row[3] is not None]
    return statistics.decision_deltas(
        created_at=created_at,
        ends_on=decision_end(valid_to=valid_to, annulled_on=annulled_on),
        assignments=assignments,
    )


@contextlib.contextmanager
def counted(decision: ServiceDecision, *, new: bool = False) -> Iterator[None]:
    """Count what the block does to `decision` (a `new` one counted nothing before)."""
    before = {} if new else figures(decision.pk)
    yield
    statistics.figures_moved(
        service_type_id=decision.service_type_id, before=before, after=figures(decision.pk)
    )

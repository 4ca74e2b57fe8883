"""What an approval adds to the national statistics, read from this schema's tables, so every
service that moves it counts the difference in its own transaction (and the nightly
reconciliation recounts with the same function). An approval still active or suspended whose
period has an end counts as ended when that period runs out, before the daily task ends it."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterator

from django.utils import timezone

from public_site.statistics import projection as statistics

from .models import Approval, ApprovalEvent, ApprovalStatus

LIVE = (ApprovalStatus.ACTIVE, ApprovalStatus.SUSPENDED)


def expiry_moment(valid_until: datetime.date) -> datetime.datetime:
    """An approval is valid through its `valid_until`; it has expired from the next midnight."""
    day = valid_until + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def expires_at(
    *, status: str, valid_until: datetime.date | None, last_move: datetime.datetime | None
) -> datetime.datetime | None:
    """When a live approval with a period ends: as its period runs out, or just after its
    last recorded move if that came later (the daily task ends it then)."""
    if status not in LIVE or valid_until is None:
        return None
    moment = expiry_moment(valid_until)
    return max(moment, last_move) if last_move is not None else moment


def figures(approval_id: int) -> statistics.Deltas:
    """The approval's contribution as it stands in the database now."""
    row = Approval.objects.values("status", "valid_until").get(pk=approval_id)
    moves = list(
        ApprovalEvent.objects.filter(approval_id=approval_id)
        .order_by("at", "pk")
        .values_list("at", "action")
    )
    return statistics.approval_deltas(
        moves=moves,
        expires_at=expires_at(
            status=row["status"],
            valid_until=row["valid_until"],
            last_move=moves[-1][0] if moves else None,
        ),
    )


@contextlib.contextmanager
def counted(approval: Approval, *, new: bool = False) -> Iterator[None]:
    """Count what the block does to `approval` (a `new` one counted nothing before), then
    recount its scheme month by month."""
    before = {} if new else figures(approval.pk)
    yield
    statistics.figures_moved(
        service_type_id=approval.scheme.service_type_id, before=before, after=figures(approval.pk)
    )
    statistics.scheme_moved(scheme_id=approval.scheme_id)

"""Re-choice: recipients served under an approval that stopped (here, or in a host's joint
scheme) are asked to choose again."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fritt.accounts.models import User
from fritt.events.services import record, state_change
from fritt.tenancy.schemas import each_municipality, in_municipality
from public_site.statistics import projection as statistics
from tenants.applications.models import Approval
from tenants.municipalities.models import Municipality

from .. import counting, selectors
from ..models import (
    AccessAction,
    Assignment,
    AssignmentReason,
    DecisionStatus,
    Recipient,
)
from .access_log import log_access
from .choice import DEFAULT_CHOICE_DAYS, start_assignment

# The event a re-choice leaves behind (the statistics' reconciliation counts it).
RECHOICE_REQUESTED = "decision.rechoice_requested"


@state_change("rechoice.requested")
@transaction.atomic
def request_rechoice_for_approval(*, approval: Approval, by: User, revoked: bool) -> int:
    """An approval was suspended, revoked or ended: everyone it serves is asked to choose again.
    They keep the provider until then, except after a revocation, when the municipal provider
    takes over at once."""
    return _request_rechoice(
        Assignment.objects.filter(approval=approval), by=by, revoked=revoked,
        supplier_name=approval.supplier.name,
    )  # fmt: skip


@state_change("rechoice.requested_for_joint")
@transaction.atomic
def request_rechoice_for_joint(
    *, host: Municipality, approval_id: int, by: User, revoked: bool,
    role: str | None = "host_municipality",
) -> int:  # fmt: skip
    """The same, in a participating municipality, for an approval in a host's joint scheme."""
    served = Assignment.objects.filter(joint_host=host, joint_approval_id=approval_id)
    first = served.select_related("joint_supplier").first()
    if first is None:
        return 0
    return _request_rechoice(
        served, by=by, revoked=revoked, supplier_name=first.joint_supplier.name,
        role=role, where=host.display_name,
    )  # fmt: skip


def rechoice_in_participants(
    *, approval: Approval, host: Municipality, by: User, revoked: bool
) -> int:
    """A host's approval in a joint scheme stopped: recipients in every participating
    municipality who are served under it are asked to choose again, in their own schema (and
    their own access log)."""
    from tenants.schemes.models import JointParticipant

    participants = Municipality.objects.filter(
        pk__in=approval.scheme.participants.filter(JointParticipant.in_force()).values_list(
            "municipality_id", flat=True
        )
    )
    affected = 0
    for _participant in each_municipality(participants):
        affected += request_rechoice_for_joint(
            host=host, approval_id=approval.pk, by=by, revoked=revoked
        )
    return affected


def rechoice_after_leaving(
    *, participant: Municipality, host: Municipality, approval_ids: list[int], by: User
) -> int:
    """A participation in a host's joint scheme ended: the participant's recipients served by
    the host's suppliers choose again, in the participant's own schema. Whoever gave notice
    acts; in the participant they may hold a role of their own."""
    affected = 0
    with in_municipality(participant):
        for approval_id in approval_ids:
            affected += request_rechoice_for_joint(
                host=host, approval_id=approval_id, by=by, revoked=False, role=None
            )
    return affected


def _request_rechoice(
    assignments, *, by: User, revoked: bool, supplier_name: str, role: str | None = None,
    where: str = "",
) -> int:  # fmt: skip
    day = timezone.localdate()
    affected = 0
    changed: list[Recipient] = []
    served = assignments.filter(selectors.active_on(day) | not_started(day)).select_related(
        "decision__recipient"
    )
    for assignment in served:
        decision = assignment.decision
        if not still_running(decision, day):
            # Ended or annulled, or past its last day: nobody chooses again under it. A revoked
            # supplier still stops serving a decision that has days left.
            if revoked and decision.status == DecisionStatus.ENDED and decision.valid_to >= day:
                _fall_back(decision, assignment, day=day, by=by, supplier_name=supplier_name)
                changed.append(decision.recipient)
            continue
        decision.status = DecisionStatus.AWAITING_CHOICE
        decision.choice_deadline = day + datetime.timedelta(days=DEFAULT_CHOICE_DAYS)
        decision.save(update_fields=["status", "choice_deadline"])
        record(
            action=RECHOICE_REQUESTED,
            subject=decision,
            by=by,
            data={"service_type": decision.service_type_id, "revoked": revoked},
        )
        statistics.rechoice_requested(decision=decision)
        if revoked:
            _fall_back(decision, assignment, day=day, by=by, supplier_name=supplier_name)
        changed.append(decision.recipient)
        affected += 1
    what = f"nytt valg: godkjenningen til {supplier_name} stanset"
    if where:
        what += f" i {where}"
    log_access(user=by, recipients=changed, action=AccessAction.CHANGE, what=what, role=role)
    return affected


def still_running(decision, day: datetime.date) -> bool:
    """Neither ended nor annulled, and not past its last day: only such a decision is asked
    to choose again."""
    if decision.status in (DecisionStatus.ENDED, DecisionStatus.ANNULLED):
        return False
    return not decision.past_last_day(day)


def _fall_back(decision, assignment, *, day: datetime.date, by: User, supplier_name: str) -> None:
    """The revoked supplier's assignment ends today; the municipal provider serves from today
    until a new choice (or the decision's end, when it has been ended)."""
    with counting.counted(decision):
        assignment.ends_on = max(day, assignment.starts_on)
        assignment.save(update_fields=["ends_on"])
        if assignment.starts_on <= day:
            fallback = start_assignment(
                decision, approval=None, starts_on=day,
                reason=AssignmentReason.REVOKED_FALLBACK,
                detail=_("Godkjenningen til %(s)s ble tilbakekalt") % {"s": supplier_name},
                by=by,
            )  # fmt: skip
            if decision.status == DecisionStatus.ENDED:
                fallback.ends_on = max(decision.valid_to, day)
                fallback.save(update_fields=["ends_on"])


def not_started(day: datetime.date):
    """Assignments that have not started yet (and were not replaced before starting)."""
    from django.db.models import F, Q

    return Q(starts_on__gt=day) & ~Q(ends_on=F("starts_on"))

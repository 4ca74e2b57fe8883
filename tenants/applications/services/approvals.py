"""The approval's life: accepting the contract, the facts citizens compare, suspend,
reinstate, revoke and end with notice; recipients choose again when it stops."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fritt.accounts.models import User
from fritt.accounts.selectors import roles_in_municipality
from fritt.errors import DomainError, written
from fritt.events.services import state_change
from fritt.tenancy.schemas import current_municipality

# The facts a supplier states once for every application, shown to citizens when approved.
from public_site.announcements.projection import project_offer
from public_site.applying.projection import project_application
from tenants.applications.errors import ApplicationError
from tenants.recipients import services as recipients

from .. import counting
from ..letters import store_decision_letter
from ..models import (
    Approval,
    ApprovalAction,
    ApprovalEvent,
    ApprovalStatus,
)
from ..selectors import expired_unended
from .common import (
    OFFICERS,
    notify,
    require_impartial,
    require_reviewer,
    require_supplier_user,
)


@state_change("approval.contract_accepted")
@transaction.atomic
def accept_contract(*, approval: Approval, by: User) -> Approval:
    require_supplier_user(by, approval.supplier, admin=True)
    if approval.status != ApprovalStatus.ACTIVE:
        raise DomainError(
            ApplicationError.NOT_ACTIVE, _("Bare en aktiv godkjenning har en kontrakt å akseptere.")
        )
    if approval.contract_accepted_at:
        raise DomainError(ApplicationError.ACCEPTED, _("Kontrakten er allerede akseptert."))
    approval.contract_accepted_at = timezone.now()
    approval.contract_accepted_by = by
    approval.save(update_fields=["contract_accepted_at", "contract_accepted_by"])
    ApprovalEvent.objects.create(approval=approval, action=ApprovalAction.CONTRACT_ACCEPTED, by=by)
    store_decision_letter(approval=approval, municipality=current_municipality())
    project_application(application=approval.application, municipality=current_municipality())
    return approval


APPROVAL_FACTS = (
    "takes_new_recipients",
    "languages",
    "staff_competence",
    "additional_services",
    "contact_email",
    "contact_phone",
)


@state_change("approval.facts_updated")
@transaction.atomic
def update_approval_facts(*, approval: Approval, by: User, **facts: Any) -> Approval:
    """The supplier keeps what citizens compare up to date, e.g. closes for new recipients."""
    require_supplier_user(by, approval.supplier, admin=True)
    if approval.status not in (ApprovalStatus.ACTIVE, ApprovalStatus.SUSPENDED):
        raise DomainError(
            ApplicationError.ENDED, _("Godkjenningen er avsluttet og kan ikke endres.")
        )
    unknown = set(facts) - set(APPROVAL_FACTS)
    if unknown:
        raise ValueError(f"not a supplier-editable fact: {sorted(unknown)}")
    for name, value in facts.items():
        setattr(approval, name, value)
    approval.save(update_fields=list(facts))
    project_offer(approval=approval, host=current_municipality())
    return approval


_APPROVAL_MOVES = {
    ApprovalAction.SUSPENDED: ({ApprovalStatus.ACTIVE}, ApprovalStatus.SUSPENDED),
    ApprovalAction.REINSTATED: ({ApprovalStatus.SUSPENDED}, ApprovalStatus.ACTIVE),
    ApprovalAction.REVOKED: (
        {ApprovalStatus.ACTIVE, ApprovalStatus.SUSPENDED},
        ApprovalStatus.REVOKED,
    ),
    ApprovalAction.ENDED: ({ApprovalStatus.ACTIVE, ApprovalStatus.SUSPENDED}, ApprovalStatus.ENDED),
}


def _move_approval(
    approval: Approval, *, action: str, by: User, reasons: str,
    at: datetime.datetime | None = None, valid_until: datetime.date | None = None,
) -> Approval:  # fmt: skip
    """Every move of an approval: its trail, its counting, the supplier's view, a new choice
    for those it served when it stops, the supplier's mail. `at` dates a move that took effect
    before now (an approval that expired before the daily task ended it); `valid_until` is a
    new end of its period, counted with the move."""
    allowed_from, target = _APPROVAL_MOVES[action]
    if approval.status not in allowed_from:
        raise DomainError(
            ApplicationError.STATE,
            _("Godkjenningen er %(status)s; det går ikke an å %(what)s den.")
            % {
                "status": approval.get_status_display().lower(),
                "what": ApprovalAction(action).label.lower(),
            },
        )
    with counting.counted(approval):
        approval.status = target
        fields = ["status"]
        if target in (ApprovalStatus.REVOKED, ApprovalStatus.ENDED):
            approval.ended_at = at or timezone.now()
            fields.append("ended_at")
        if valid_until is not None:
            approval.valid_until = valid_until
            fields.append("valid_until")
        approval.save(update_fields=fields)
        event = ApprovalEvent.objects.create(
            approval=approval, action=action, by=by, reasons=reasons.strip()
        )
        if at is not None:
            # `at` is set on creation; the statistics and the trail read the real moment.
            ApprovalEvent.objects.filter(pk=event.pk).update(at=at)
    project_application(application=approval.application, municipality=current_municipality())
    _after_approval_change(approval, by=by)
    notify(approval.application, action)
    return approval


def _after_approval_change(approval: Approval, *, by: User) -> None:
    """Recipients served under an approval that stops must be asked to choose again."""
    if approval.status == ApprovalStatus.ACTIVE:
        return
    revoked = approval.status == ApprovalStatus.REVOKED
    recipients.request_rechoice_for_approval(approval=approval, by=by, revoked=revoked)
    recipients.rechoice_in_participants(
        approval=approval, host=current_municipality(), by=by, revoked=revoked
    )


def _officer_moves(
    approval: Approval, action: str, by: User, reasons: str, *, why_needed: str = ""
) -> Approval:
    """An impartial officer moves the approval; `why_needed` says why reasons are required."""
    require_reviewer(by)
    require_impartial(by, approval.supplier)
    if why_needed:
        reasons = written(reasons, ApplicationError.REASONS, why_needed)
    return _move_approval(approval, action=action, by=by, reasons=reasons)


@state_change("approval.suspended")
@transaction.atomic
def suspend_approval(*, approval: Approval, by: User, reasons: str) -> Approval:
    why = _("En suspensjon må begrunnes.")
    return _officer_moves(approval, ApprovalAction.SUSPENDED, by, reasons, why_needed=why)


@state_change("approval.reinstated")
@transaction.atomic
def reinstate_approval(*, approval: Approval, by: User, reasons: str = "") -> Approval:
    return _officer_moves(approval, ApprovalAction.REINSTATED, by, reasons)


@state_change("approval.revoked")
@transaction.atomic
def revoke_approval(*, approval: Approval, by: User, reasons: str) -> Approval:
    why = _("En tilbakekalling må begrunnes skriftlig.")
    return _officer_moves(approval, ApprovalAction.REVOKED, by, reasons, why_needed=why)


@state_change("approval.ended")
@transaction.atomic
def end_approval(*, approval: Approval, by: User, reasons: str = "") -> Approval:
    """Either side ends the approval with the scheme's notice period for that side."""
    municipality = current_municipality()
    scheme = approval.scheme
    if roles_in_municipality(user=by, municipality=municipality) & OFFICERS:
        require_impartial(by, approval.supplier)
        notice = scheme.notice_period_municipality_days
    else:
        require_supplier_user(by, approval.supplier, admin=True)
        notice = scheme.notice_period_supplier_days
    return _move_approval(
        approval, action=ApprovalAction.ENDED, by=by, reasons=reasons,
        valid_until=timezone.localdate() + datetime.timedelta(days=notice or 0),
    )  # fmt: skip


def end_expired_approvals(*, today: datetime.date | None = None) -> int:
    """Approvals whose `valid_until` has passed end as an ordinary end does (in the schema
    entered; the daily task runs it in every municipality), one transaction each. Returns how
    many ended."""
    day = today or timezone.localdate()
    ended = 0
    for approval_id in expired_unended(today=day):
        with transaction.atomic():
            # Read again under a lock: an officer may have ended or revoked it meanwhile.
            approval = (
                Approval.objects.select_for_update()
                .filter(pk=approval_id, status__in=counting.LIVE)
                .first()
            )
            if approval is not None:
                expire_approval(approval=approval, today=day)
                ended += 1
    return ended


@state_change("approval.expired")
@transaction.atomic
def expire_approval(*, approval: Approval, today: datetime.date | None = None) -> Approval:
    """The approval's period ran out: it ends as of the moment it expired (nobody acts; the
    event record says the system). Its trail and the access log name the officer who approved
    it for that period, the decision that made it end."""
    day = today or timezone.localdate()
    moment = expired_unended(today=day, approval_ids=[approval.pk]).get(approval.pk)
    if moment is None:
        raise DomainError(
            ApplicationError.STATE, _("Godkjenningen gjelder fortsatt og kan ikke løpe ut nå.")
        )
    approver = approval.events.filter(action=ApprovalAction.APPROVED).order_by("at", "pk").first()
    if approver is None:
        approver = approval.events.order_by("at", "pk").first()
    if approver is None:
        raise ValueError(f"approval {approval.pk} has no trail to name who approved it")
    reasons = _("Godkjenningsperioden er over (gjaldt til %(day)s).") % {
        "day": date_format(approval.valid_until, "SHORT_DATE_FORMAT")
    }
    return _move_approval(
        approval, action=ApprovalAction.ENDED, by=approver.by, reasons=reasons, at=moment
    )

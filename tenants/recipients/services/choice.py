"""Choosing and switching provider (by the recipient, a proxy or a case worker), and the
default rule for those who do not choose by the deadline."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fritt.accounts.models import User
from fritt.accounts.roles import Role
from fritt.accounts.selectors import roles_in_municipality
from fritt.errors import DomainError, NotAllowed
from fritt.events import services as events
from fritt.events.services import state_change
from fritt.tenancy.schemas import current_municipality
from public_site.announcements.projection import project_offer
from tenants.applications.models import Approval, ApprovalStatus
from tenants.municipalities.models import Municipality
from tenants.recipients.errors import RecipientError
from tenants.schemes.models import DefaultProviderRule

from .. import counting, selectors
from ..models import (
    AccessAction,
    AccessRelation,
    Assignment,
    AssignmentReason,
    DecisionStatus,
    ProviderKind,
    RecipientLogin,
    ServiceDecision,
)
from .access_log import log_access

DEFAULT_CHOICE_DAYS = 14
DEFAULT_SWITCH_DAYS = selectors.DEFAULT_SWITCH_DAYS


def _who_chooses(by: User, decision: ServiceDecision, how: str) -> tuple[str, str]:
    """(reason, detail) for a choice made by this user, or PermissionDenied."""
    if Role.CASE_WORKER in roles_in_municipality(user=by, municipality=current_municipality()):
        if not how.strip():
            raise DomainError(
                RecipientError.HOW,
                _("Skriv hvordan brukeren uttrykte valget (for eksempel på telefon)."),
            )
        return AssignmentReason.CASE_WORKER, how.strip()
    login = RecipientLogin.objects.filter(
        user=by, recipient=decision.recipient, confirmed_at__isnull=False
    ).first()
    if login is None:
        raise NotAllowed(
            RecipientError.NOT_FOR_THIS_PERSON,
            _("Du kan ikke velge leverandør for denne personen."),
        )
    if login.relation == AccessRelation.PROXY:
        return AssignmentReason.PROXY, ""
    return AssignmentReason.RECIPIENT, ""


def _check_provider(decision: ServiceDecision, approval: Approval | None, day) -> None:
    if approval is None:
        return
    if approval.status != ApprovalStatus.ACTIVE:
        raise DomainError(RecipientError.APPROVAL, _("Leverandøren er ikke godkjent nå."))
    if approval.scheme.service_type_id != decision.service_type_id:
        raise DomainError(
            RecipientError.SERVICE_TYPE, _("Leverandøren er ikke godkjent for denne tjenesten.")
        )
    if not selectors.serves_zone(approval, decision.recipient.zone):
        raise DomainError(
            RecipientError.ZONE,
            _("%(s)s dekker ikke sonen der brukeren bor.") % {"s": approval.supplier.name},
        )
    if not approval.takes_new_recipients or selectors.at_capacity(approval, day):
        raise DomainError(
            RecipientError.CAPACITY,
            _("%(s)s tar ikke imot nye brukere nå.") % {"s": approval.supplier.name},
        )


@dataclass(frozen=True)
class JointProvider:
    """A supplier approved in a joint scheme hosted by another municipality."""

    host: Municipality
    approval_id: int


@state_change("assignment.started")
def start_assignment(
    decision: ServiceDecision,
    *,
    approval: Approval | None,
    starts_on: datetime.date,
    reason: str,
    detail: str,
    by: User | None,
    joint: dict | None = None,
) -> Assignment:
    """The one place an assignment is made (the caller counts it: `counting.counted`)."""
    if joint is not None:
        return Assignment.objects.create(
            decision=decision, provider_kind=ProviderKind.JOINT, joint_host=joint["host"],
            joint_approval_id=joint["approval_id"], joint_supplier_id=joint["supplier_id"],
            starts_on=starts_on, reason=reason, reason_detail=detail[:300], created_by=by,
        )  # fmt: skip
    assignment = Assignment.objects.create(
        decision=decision,
        provider_kind=ProviderKind.SUPPLIER if approval else ProviderKind.MUNICIPAL,
        approval=approval,
        starts_on=starts_on,
        reason=reason,
        reason_detail=detail[:300],
        created_by=by,
    )
    if approval is not None and approval.capacity_cap is not None:
        # A capped supplier may have just become full: participants compare the national facts.
        project_offer(approval=approval, host=current_municipality())
    return assignment


def _check_joint(decision: ServiceDecision, provider: JointProvider) -> dict:
    facts = selectors.joint_approval(host=provider.host, approval_id=provider.approval_id)
    participates = Municipality.objects.filter(
        pk=current_municipality().pk, joint_announcements__host=provider.host
    ).exists()
    if facts is None or not facts["active"] or not participates:
        raise DomainError(RecipientError.APPROVAL, _("Leverandøren er ikke godkjent nå."))
    if facts["service_type_id"] != decision.service_type_id:
        raise DomainError(
            RecipientError.SERVICE_TYPE, _("Leverandøren er ikke godkjent for denne tjenesten.")
        )
    if not facts["takes_new"]:
        raise DomainError(
            RecipientError.CAPACITY,
            _("%(s)s tar ikke imot nye brukere nå.") % {"s": facts["supplier_name"]},
        )
    return facts


@state_change("provider.chosen")
@transaction.atomic
def choose_provider(
    *,
    by: User,
    decision: ServiceDecision,
    approval: Approval | None,
    how: str = "",
    today: datetime.date | None = None,
    ip: str | None = None,
    joint: JointProvider | None = None,
) -> Assignment:
    """A choice (or a switch): `approval` None and no `joint` means the municipal provider.
    A first choice starts at once; a switch starts after the scheme's notice period, when the
    old one ends. The system records the choice; it never suggests one."""
    day = today or timezone.localdate()
    decision = ServiceDecision.objects.select_for_update().get(pk=decision.pk)
    _require_in_force(decision, day)
    reason, detail = _who_chooses(by, decision, how)
    current = selectors.current_assignment(decision, day)
    if joint is not None:
        wanted_key = f"{joint.host.pk}:{joint.approval_id}"
    else:
        wanted_key = str(approval.pk) if approval else "kommunal"
    if current is not None and current.provider_key == wanted_key:
        raise DomainError(RecipientError.SAME, _same_provider_message(reason))
    facts = _check_joint(decision, joint) if joint is not None else None
    _check_provider(decision, approval, day)
    with counting.counted(decision):
        assignment = _choose(decision, approval, day, reason, detail, by, facts)
    decision.status = DecisionStatus.SERVED
    decision.save(update_fields=["status"])
    log_access(
        user=by, recipients=[decision.recipient], action=AccessAction.CHOOSE, what="brukervalg",
        ip=ip,
    )  # fmt: skip
    return assignment


def _require_in_force(decision: ServiceDecision, day: datetime.date) -> None:
    """Nobody is served under a decision that ended or was annulled (annulled: it should
    never have been made, so it gets no provider either), or that is past its last day though
    the daily expiry has not ended it yet."""
    if decision.status == DecisionStatus.ANNULLED:
        raise DomainError(RecipientError.ANNULLED, _("Vedtaket er annullert."))
    if decision.status == DecisionStatus.ENDED or decision.past_last_day(day):
        raise DomainError(RecipientError.ENDED, _("Vedtaket er avsluttet."))


def _choose(decision, approval, day, reason, detail, by, facts) -> Assignment:
    """Replace a switch not yet started, then start the new provider: at once for a first
    choice, after the notice period (ending the current one) for a switch."""
    current = selectors.current_assignment(decision, day)
    upcoming = selectors.upcoming_assignment(decision, day)
    if upcoming is not None:
        # A switch not yet started is replaced; it stays in the history as never started.
        upcoming.ends_on = upcoming.starts_on
        upcoming.reason_detail = (upcoming.reason_detail + " " + _("(erstattet før start)"))[:300]
        upcoming.save(update_fields=["ends_on", "reason_detail"])
    if current is None:
        assignment = start_assignment(
            decision, approval=approval, starts_on=max(day, decision.valid_from),
            reason=reason, detail=detail, by=by, joint=facts,
        )  # fmt: skip
    else:
        switch_on = day + datetime.timedelta(
            days=selectors.switching_notice_days(decision, approval, facts)
        )
        current.ends_on = switch_on
        current.save(update_fields=["ends_on"])
        assignment = start_assignment(
            decision, approval=approval, starts_on=switch_on, reason=reason, detail=detail, by=by,
            joint=facts,
        )  # fmt: skip
    return assignment


def same_provider_message(by: User, decision: ServiceDecision) -> str:
    """What choosing the current provider again answers, in the chooser's own words."""
    try:
        reason, _detail = _who_chooses(by, decision, how="-")
    except (DomainError, NotAllowed):
        reason = AssignmentReason.CASE_WORKER
    return _same_provider_message(reason)


def _same_provider_message(reason: str) -> str:
    """Said to whoever chose, in their own words."""
    if reason == AssignmentReason.RECIPIENT:
        return _("Dette er allerede din leverandør.")
    if reason == AssignmentReason.PROXY:
        return _("Dette er allerede leverandøren til den du er fullmektig for.")
    return _("Dette er allerede brukerens leverandør.")


@transaction.atomic
def cancel_switch(
    *,
    by: User,
    decision: ServiceDecision,
    today: datetime.date | None = None,
    ip: str | None = None,
) -> Assignment:
    """Undo a switch that has not taken effect: the chosen provider never starts and the
    current one continues as before. Returns the current assignment."""
    day = today or timezone.localdate()
    decision = ServiceDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.status == DecisionStatus.ANNULLED:
        raise DomainError(RecipientError.ANNULLED, _("Vedtaket er annullert."))
    reason, _detail = _who_chooses(by, decision, how="-")
    current = selectors.current_assignment(decision, day)
    upcoming = selectors.upcoming_assignment(decision, day)
    if current is None or upcoming is None:
        raise DomainError(RecipientError.NO_SWITCH, _("Det er ikke noe bytte å angre."))
    with counting.counted(decision):
        upcoming.ends_on = upcoming.starts_on
        upcoming.reason_detail = (upcoming.reason_detail + " " + _("(angret før start)")).strip()[
            :300
        ]
        upcoming.save(update_fields=["ends_on", "reason_detail"])
        if current.ends_on == upcoming.starts_on:
            # The switch is what ended it; anything else that ends it (a revoked approval) stays,
            # and under an ended decision it runs to the decision's last day, never past it.
            ended = decision.status == DecisionStatus.ENDED
            current.ends_on = max(decision.valid_to, current.starts_on) if ended else None
            current.save(update_fields=["ends_on"])
    log_access(
        user=by, recipients=[decision.recipient], action=AccessAction.CHOOSE,
        what="angret bytte av leverandør", ip=ip,
    )  # fmt: skip
    events.record(
        action="choice.switch_cancelled",
        subject=decision,
        by=by,
        data={"cancelled_assignment": upcoming.pk, "kept_assignment": current.pk, "by": reason},
    )
    return current


@state_change("provider.assigned_by_default")
@transaction.atomic
def apply_default_rule(
    *, decision: ServiceDecision, today: datetime.date | None = None
) -> Assignment:
    """Assign a provider to a recipient who did not choose in time, and record why."""
    decision = (
        ServiceDecision.objects.select_for_update(of=("self",))
        .select_related("recipient__zone", "scheme")
        .get(pk=decision.pk)
    )
    day = today or timezone.localdate()
    _require_in_force(decision, day)
    with counting.counted(decision):
        assignment = _by_default_rule(decision, day)
    decision.status = DecisionStatus.SERVED
    decision.save(update_fields=["status"])
    return assignment


def _by_default_rule(decision: ServiceDecision, day: datetime.date) -> Assignment:
    scheme = decision.scheme
    if scheme is None or scheme.default_provider_rule == DefaultProviderRule.MUNICIPAL:
        assignment = start_assignment(
            decision, approval=None, starts_on=max(day, decision.valid_from),
            reason=AssignmentReason.DEFAULT_MUNICIPAL,
            detail=_("Ordningens regel: kommunal egenregi") if scheme else
            _("Kommunen har ingen ordning for tjenesten"),
            by=None,
        )  # fmt: skip
    else:
        zone = decision.recipient.zone
        eligible = selectors.eligible_approvals(scheme=scheme, zone=zone, day=day)
        if not eligible:
            assignment = start_assignment(
                decision, approval=None, starts_on=max(day, decision.valid_from),
                reason=AssignmentReason.DEFAULT_MUNICIPAL,
                detail=_("Rotasjon: ingen godkjent leverandør med ledig kapasitet i sonen"),
                by=None,
            )  # fmt: skip
        else:
            # Fair rotation: the supplier that has been given fewest recipients by this rule
            # goes next; ties go to the earliest approval.
            counts = selectors.rotation_counts(scheme)
            chosen = min(eligible, key=lambda a: (counts.get(a.pk, 0), a.pk))
            skipped = [
                a.supplier.name
                for a in scheme.approvals.filter(status=ApprovalStatus.ACTIVE)
                if a not in eligible
            ]
            detail = _("Rotasjon i sone %(zone)s; %(n)d tidligere tildelt etter tur") % {
                "zone": zone.name if zone else _("hele kommunen"),
                "n": counts.get(chosen.pk, 0),
            }
            if skipped:
                detail += "; " + _("hoppet over (fullt eller utenfor sonen): %(s)s") % {
                    "s": ", ".join(skipped)
                }
            assignment = start_assignment(
                decision, approval=chosen, starts_on=max(day, decision.valid_from),
                reason=AssignmentReason.DEFAULT_ROTATION, detail=detail, by=None,
            )  # fmt: skip
    return assignment


def run_deadline_sweep(*, today: datetime.date | None = None) -> int:
    """Decisions past their choice deadline: without a provider they get one by the default
    rule; with one (asked to choose again) they keep it. Returns how many were assigned."""
    day = today or timezone.localdate()
    assigned = 0
    # A decision past its last day gets no provider; the daily expiry ends it instead.
    overdue = ServiceDecision.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        status=DecisionStatus.AWAITING_CHOICE,
        choice_deadline__lt=day,
    ).select_related("recipient__zone", "scheme")
    for decision in overdue.order_by("choice_deadline", "pk"):
        with transaction.atomic():
            # Read again under a lock: the decision may have been annulled, ended or chosen
            # for since the list was read.
            decision = overdue.select_for_update(of=("self",)).filter(pk=decision.pk).first()
            if decision is None:
                continue
            if selectors.current_assignment(decision, day) or selectors.upcoming_assignment(
                decision, day
            ):
                decision.status = DecisionStatus.SERVED
                decision.save(update_fields=["status"])
                continue
            apply_default_rule(decision=decision, today=day)
            assigned += 1
    return assigned


def provider_from_key(key: str) -> dict[str, Approval | JointProvider | None]:
    """The provider a choice form's key names, as `choose_provider`'s keyword arguments:
    "kommunal" is the municipal provider, "<approval>" a supplier approved here, and
    "<host>:<approval>" a supplier approved in a host's joint scheme."""
    if key == "kommunal":
        return {"approval": None, "joint": None}
    host_id, sep, approval_id = key.partition(":")
    if sep:
        host = Municipality.objects.filter(pk=int(host_id)).first() if host_id.isdigit() else None
        if host is None or not approval_id.isdigit():
            raise DomainError(RecipientError.PROVIDER, _("Velg en leverandør fra listen."))
        return {"approval": None, "joint": JointProvider(host=host, approval_id=int(approval_id))}
    approval = Approval.objects.filter(pk=int(key) if key.isdigit() else -1).first()
    if approval is None:
        raise DomainError(RecipientError.PROVIDER, _("Velg en leverandør fra listen."))
    return {"approval": approval, "joint": None}

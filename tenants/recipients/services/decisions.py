"""The municipality's decision (vedtak) granting a service and its extent."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fritt.accounts.models import User
from fritt.errors import DomainError
from fritt.events.services import state_change
from fritt.web.bounds import validate_working_date
from public_site.catalogue.models import ServiceType
from tenants.recipients.errors import RecipientError

from .. import counting, selectors
from ..models import (
    MAX_EXTENT,
    AccessAction,
    DecisionStatus,
    Recipient,
    ServiceDecision,
)
from .access_log import log_access, require_case_worker
from .choice import DEFAULT_CHOICE_DAYS


@state_change("decision.created")
@transaction.atomic
def create_decision(
    *,
    by: User,
    recipient: Recipient,
    service_type: ServiceType,
    extent: Decimal,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    extent_unit: str = "timer per uke",
    choice_days: int = DEFAULT_CHOICE_DAYS,
    ip: str | None = None,
    external_reference: str | None = None,
) -> ServiceDecision:
    """A service decision (vedtak). The recipient gets a deadline to choose a provider."""
    require_case_worker(by)
    reference = (external_reference or "").strip() or None
    if reference and (same := ServiceDecision.objects.filter(external_reference=reference).first()):
        raise DomainError(
            RecipientError.DUPLICATE_REFERENCE,
            _("Det finnes allerede et vedtak med denne eksterne referansen."),
            field="external_reference",
            params={"existing_id": same.pk},
        )
    if extent <= 0:
        raise DomainError(RecipientError.EXTENT, _("Omfanget må være større enn null."))
    if extent > MAX_EXTENT:
        raise DomainError(
            RecipientError.EXTENT_TOO_LARGE,
            _("Omfanget kan ikke være mer enn %(max)s per uke.") % {"max": MAX_EXTENT},
        )
    validate_working_date(valid_from)
    validate_working_date(valid_to)
    if valid_to and valid_to < valid_from:
        raise DomainError(RecipientError.DATES, _("Sluttdatoen kan ikke være før startdatoen."))
    decision = ServiceDecision.objects.create(
        recipient=recipient,
        service_type=service_type,
        scheme=selectors.scheme_for(service_type),
        extent=extent,
        extent_unit=extent_unit,
        valid_from=valid_from,
        valid_to=valid_to,
        choice_deadline=timezone.localdate() + datetime.timedelta(days=choice_days),
        created_by=by,
        external_reference=reference,
    )
    with counting.counted(decision, new=True):
        pass
    log_access(user=by, recipients=[recipient], action=AccessAction.CREATE, what="vedtak", ip=ip)
    return decision


DECISION_FIELDS = ("extent", "extent_unit", "valid_from", "valid_to")


def _require_open(decision: ServiceDecision) -> None:
    if decision.status in (DecisionStatus.ENDED, DecisionStatus.ANNULLED):
        raise DomainError(
            RecipientError.DECISION_CLOSED, _("Vedtaket er avsluttet eller annullert.")
        )


def _check_extent_and_period(decision: ServiceDecision) -> None:
    if decision.extent <= 0:
        raise DomainError(RecipientError.EXTENT, _("Omfanget må være større enn null."))
    if decision.extent > MAX_EXTENT:
        raise DomainError(
            RecipientError.EXTENT_TOO_LARGE,
            _("Omfanget kan ikke være mer enn %(max)s per uke.") % {"max": MAX_EXTENT},
        )
    validate_working_date(decision.valid_from)
    validate_working_date(decision.valid_to)
    if decision.valid_to and decision.valid_to < decision.valid_from:
        raise DomainError(RecipientError.DATES, _("Sluttdatoen kan ikke være før startdatoen."))


@state_change("decision.updated", subject="decision")
@transaction.atomic
def update_decision(
    *, by: User, decision: ServiceDecision, ip: str | None = None, **fields
) -> ServiceDecision:
    """Change a decision's extent or period (a new vedtak of the same service); the chosen
    provider stays."""
    require_case_worker(by)
    _require_open(decision)
    unknown = set(fields) - set(DECISION_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(decision, name, value)
    _check_extent_and_period(decision)
    with counting.counted(decision):
        decision.save(update_fields=list(fields))
    log_access(
        user=by, recipients=[decision.recipient], action=AccessAction.CHANGE, what="vedtak",
        ip=ip,
    )  # fmt: skip
    return decision


def _end_assignments(decision: ServiceDecision, on: datetime.date) -> None:
    """Assignments stop on `on`; one that had not started by then never starts."""
    for assignment in decision.assignments.exclude(ends_on__lte=on):
        assignment.ends_on = max(on, assignment.starts_on)
        assignment.save(update_fields=["ends_on"])


def _close(decision: ServiceDecision, ends_on: datetime.date) -> None:
    """The one way a decision ends: its last day is `ends_on`, and its assignments end then."""
    with counting.counted(decision):
        decision.valid_to = ends_on
        decision.status = DecisionStatus.ENDED
        decision.save(update_fields=["valid_to", "status"])
        _end_assignments(decision, ends_on)


@state_change("decision.ended", subject="decision")
@transaction.atomic
def end_decision(
    *, by: User, decision: ServiceDecision, ends_on: datetime.date, ip: str | None = None
) -> ServiceDecision:
    """The service stops on `ends_on` (the recipient moved, no longer needs it, …); its
    provider's assignment ends the same day."""
    require_case_worker(by)
    _require_open(decision)
    validate_working_date(ends_on)
    if ends_on < decision.valid_from:
        raise DomainError(RecipientError.DATES, _("Sluttdatoen kan ikke være før startdatoen."))
    _close(decision, ends_on)
    log_access(
        user=by, recipients=[decision.recipient], action=AccessAction.CHANGE,
        what="vedtak avsluttet", ip=ip,
    )  # fmt: skip
    return decision


OPEN = (DecisionStatus.AWAITING_CHOICE, DecisionStatus.SERVED)


def end_expired_decisions(*, today: datetime.date | None = None) -> int:
    """Decisions whose last day (`valid_to`) has passed without anyone ending them end as an
    ordinary end does, on that last day (in the schema entered; the daily task runs it in
    every municipality), one transaction each. Returns how many ended."""
    day = today or timezone.localdate()
    due = ServiceDecision.objects.filter(status__in=OPEN, valid_to__lt=day)
    ended = 0
    for decision_id in list(due.order_by("valid_to", "pk").values_list("pk", flat=True)):
        with transaction.atomic():
            # Read again under a lock: a case worker may have ended or annulled it meanwhile.
            decision = due.select_for_update(of=("self",)).filter(pk=decision_id).first()
            if decision is not None:
                expire_decision(decision=decision, today=day)
                ended += 1
    return ended


@state_change("decision.expired", subject="decision")
@transaction.atomic
def expire_decision(
    *, decision: ServiceDecision, today: datetime.date | None = None
) -> ServiceDecision:
    """The decision's period ran out and nobody ended it: it ends on its last day, not the day
    this runs (nobody acts; the event record says the system). The statistics counted it
    ended from that day already, so nothing moves twice."""
    _require_open(decision)
    day = today or timezone.localdate()
    if decision.valid_to is None or decision.valid_to >= day:
        raise DomainError(
            RecipientError.DECISION_RUNNING, _("Vedtaket gjelder fortsatt og kan ikke løpe ut nå.")
        )
    _close(decision, decision.valid_to)
    return decision


@state_change("decision.annulled", subject="decision")
@transaction.atomic
def annul_decision(
    *, by: User, decision: ServiceDecision, reason: str, ip: str | None = None
) -> ServiceDecision:
    """The decision should never have been registered (an error, a decision overturned on
    appeal): it no longer counts, and its assignments end at once."""
    require_case_worker(by)
    _require_open(decision)
    if not (reason or "").strip():
        raise DomainError(RecipientError.REASON, _("Skriv hvorfor vedtaket annulleres."))
    with counting.counted(decision):
        decision.status = DecisionStatus.ANNULLED
        decision.save(update_fields=["status"])
        _end_assignments(decision, timezone.localdate())
    log_access(
        user=by, recipients=[decision.recipient], action=AccessAction.CHANGE,
        what=f"vedtak annullert: {reason.strip()}"[:200], ip=ip,
    )  # fmt: skip
    return decision

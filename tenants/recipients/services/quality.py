"""Quality cases: complaints (pasient- og brukerrettighetsloven ch. 7) and deviations, per
supplier."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fritt.accounts.models import User
from fritt.errors import DomainError, NotAllowed
from fritt.events.services import state_change
from fritt.web.bounds import long_text, validate_working_date
from public_site.statistics import projection as statistics
from tenants.applications.models import Approval
from tenants.recipients.errors import RecipientError

from ..models import (
    AccessAction,
    Assignment,
    CaseKind,
    CaseStatus,
    ProviderKind,
    QualityCase,
    Recipient,
    RecipientLogin,
)
from .access_log import log_access, require_case_worker


@state_change("quality_case.registered")
@transaction.atomic
def register_case(
    *,
    by: User,
    kind: str,
    description: str,
    received_on: datetime.date,
    approval: Approval | None,
    recipient: Recipient | None = None,
) -> QualityCase:
    require_case_worker(by)
    if kind not in CaseKind.values:
        raise DomainError(RecipientError.KIND, _("Velg klage eller avvik."))
    if not description.strip():
        raise DomainError(RecipientError.DESCRIPTION, _("Beskriv saken."))
    long_text(description)
    validate_working_date(received_on)
    case = QualityCase.objects.create(
        kind=kind,
        description=description.strip(),
        received_on=received_on,
        approval=approval,
        provider_kind=ProviderKind.SUPPLIER if approval else ProviderKind.MUNICIPAL,
        recipient=recipient,
        created_by=by,
    )
    statistics.case_registered(case=case)
    if recipient is not None:
        log_access(user=by, recipients=[recipient], action=AccessAction.CHANGE, what=kind)
    return case


@state_change("quality_case.updated")
@transaction.atomic
def update_case(*, by: User, case: QualityCase, status: str, outcome: str = "") -> QualityCase:
    require_case_worker(by)
    if status not in CaseStatus.values:
        raise DomainError(RecipientError.STATUS, _("Ukjent status."))
    if status == CaseStatus.CLOSED and not outcome.strip():
        raise DomainError(RecipientError.OUTCOME, _("Skriv utfallet før saken avsluttes."))
    was_closed = case.status == CaseStatus.CLOSED
    case.status = status
    case.outcome = outcome.strip()
    case.save(update_fields=["status", "outcome", "updated_at"])
    statistics.case_status_changed(case=case, was_closed=was_closed)
    return case


@state_change("quality_case.deviation_reported")
@transaction.atomic
def report_deviation(
    *,
    by: User,
    recipient: Recipient,
    assignment: Assignment,
    visit_date: datetime.date,
    description: str,
    delivery_line_id: int | None = None,
    today: datetime.date | None = None,
    ip: str | None = None,
) -> QualityCase:
    """The recipient, or a proxy, reports a deviation from Min side: a delivered visit that
    was not right, or one that never came. It becomes a deviation case like those the case
    workers register, tied to the provider's assignment, the day, and the delivered line."""
    if not RecipientLogin.objects.filter(
        user=by, recipient=recipient, confirmed_at__isnull=False
    ).exists():
        raise NotAllowed(
            RecipientError.NOT_FOR_THIS_PERSON, _("Du kan bare melde avvik for deg selv.")
        )
    if assignment.decision.recipient_id != recipient.pk:
        raise DomainError(RecipientError.PROVIDER, _("Velg en av dine leverandører."))
    today = today or timezone.localdate()
    if visit_date > today:
        raise DomainError(RecipientError.DATES, _("Datoen er fram i tid."), field="visit_date")
    if visit_date < assignment.starts_on or (
        assignment.ends_on is not None and visit_date >= assignment.ends_on
    ):
        raise DomainError(
            RecipientError.DATES,
            _("Leverandøren hadde ikke oppdraget denne dagen."),
            field="visit_date",
        )
    description = (description or "").strip()
    if not description:
        raise DomainError(
            RecipientError.DESCRIPTION, _("Beskriv hva som skjedde."), field="description"
        )
    long_text(description)
    line = None
    if delivery_line_id is not None:
        from tenants.settlement.models import DeliveryLine

        line = DeliveryLine.objects.filter(
            pk=delivery_line_id, recipient=recipient, assignment=assignment, date=visit_date
        ).first()
        if line is None:
            raise DomainError(RecipientError.PROVIDER, _("Fant ikke besøket."))
    case = QualityCase.objects.create(
        kind=CaseKind.DEVIATION,
        description=description,
        received_on=today,
        approval=assignment.approval,
        provider_kind=assignment.provider_kind,
        recipient=recipient,
        created_by=by,
        from_my_page=True,
        assignment=assignment,
        visit_date=visit_date,
        delivery_line=line,
    )
    statistics.case_registered(case=case)
    log_access(
        user=by, recipients=[recipient], action=AccessAction.CREATE, what="avvik (min side)", ip=ip
    )
    return case

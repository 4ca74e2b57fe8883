"""Quality cases: complaints (pasient- og brukerrettighetsloven ch. 7) and deviations, per
supplier."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from fritt.accounts.models import User
from fritt.errors import DomainError
from fritt.events.services import state_change
from fritt.web.bounds import long_text, validate_working_date
from public_site.statistics import projection as statistics
from tenants.applications.models import Approval
from tenants.recipients.errors import RecipientError

from ..models import (
    AccessAction,
    CaseKind,
    CaseStatus,
    ProviderKind,
    QualityCase,
    Recipient,
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

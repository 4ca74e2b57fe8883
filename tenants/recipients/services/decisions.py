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
from public_site.statistics import projection as statistics
from tenants.recipients.errors import RecipientError

from .. import selectors
from ..models import (
    MAX_EXTENT,
    AccessAction,
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
    statistics.decision_made(decision=decision)
    log_access(user=by, recipients=[recipient], action=AccessAction.CREATE, what="vedtak", ip=ip)
    return decision

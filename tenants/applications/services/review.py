"""Reviewing an application: start, ask for supplements (and the supplier's answer),
withdraw, reject with reasons, approve with the contract."""

from __future__ import annotations

from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fritt.accounts.models import User
from fritt.errors import DomainError
from public_site.statistics import projection as statistics
from public_site.suppliers.models import RegisterStatus
from public_site.suppliers.selectors import account_blockers, apply_blockers
from tenants.applications.errors import ApplicationError

from ..contracts import render_contract
from ..models import (
    Application,
    ApplicationAction,
    ApplicationStatus,
    Approval,
    ApprovalAction,
    ApprovalEvent,
)
from ..selectors import unmet_conditions

# The facts a supplier states once for every application, shown to citizens when approved.
from .common import notify, record, require_impartial, require_reviewer, require_supplier_user
from .receiving import _attach


def require_open(application: Application) -> None:
    if not application.is_open:
        raise DomainError(
            ApplicationError.NOT_OPEN,
            _("Søknaden er %(status)s og kan ikke endres.")
            % {"status": application.get_status_display().lower()},
        )


@transaction.atomic
def start_review(*, application: Application, by: User) -> Application:
    require_reviewer(by)
    require_impartial(by, application.supplier)
    if application.status != ApplicationStatus.SUBMITTED:
        raise DomainError(
            ApplicationError.NOT_SUBMITTED, _("Bare innsendte søknader kan tas til behandling.")
        )
    application.status = ApplicationStatus.UNDER_REVIEW
    application.save(update_fields=["status"])
    record(application, ApplicationAction.REVIEW_STARTED, by)
    return application


@transaction.atomic
def request_supplement(*, application: Application, by: User, message: str) -> Application:
    require_reviewer(by)
    require_impartial(by, application.supplier)
    require_open(application)
    if not message.strip():
        raise DomainError(ApplicationError.MESSAGE, _("Skriv hva leverandøren må sende inn."))
    application.status = ApplicationStatus.SUPPLEMENT_REQUESTED
    application.save(update_fields=["status"])
    record(application, ApplicationAction.SUPPLEMENT_REQUESTED, by, message.strip())
    notify(application, "supplement_requested")
    return application


@transaction.atomic
def supplement(
    *, application: Application, by: User, message: str, document_ids: list[int] | None = None
) -> Application:
    """The supplier answers a request for supplements: a reply and/or more documents."""
    require_supplier_user(by, application.supplier)
    if application.status != ApplicationStatus.SUPPLEMENT_REQUESTED:
        raise DomainError(
            ApplicationError.NO_SUPPLEMENT_REQUESTED,
            _("Kommunen har ikke bedt om supplering av denne søknaden."),
        )
    if not message.strip() and not document_ids:
        raise DomainError(ApplicationError.MESSAGE, _("Skriv et svar eller legg ved et dokument."))
    _attach(application, application.supplier, document_ids or [])
    application.status = ApplicationStatus.SUBMITTED
    application.save(update_fields=["status"])
    record(application, ApplicationAction.SUPPLEMENTED, by, message.strip())
    return application


@transaction.atomic
def withdraw(*, application: Application, by: User) -> Application:
    require_supplier_user(by, application.supplier)
    require_open(application)
    application.status = ApplicationStatus.WITHDRAWN
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_at"])
    record(application, ApplicationAction.WITHDRAWN, by)
    return application


@transaction.atomic
def reject(*, application: Application, by: User, reasons: str) -> Application:
    require_reviewer(by)
    require_impartial(by, application.supplier)
    require_open(application)
    if not reasons.strip():
        raise DomainError(ApplicationError.REASONS, _("Et avslag må begrunnes skriftlig."))
    application.status = ApplicationStatus.REJECTED
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_at"])
    record(application, ApplicationAction.REJECTED, by, reasons.strip())
    notify(application, "rejected")
    return application


@transaction.atomic
def approve(*, application: Application, by: User, reasons: str = "") -> Approval:
    """Approve: the supplier meets every condition with documents valid today. Makes the
    approval and its contract (PDF from the scheme's template) for the supplier to accept."""
    municipality = require_reviewer(by)
    require_impartial(by, application.supplier)
    require_open(application)
    blockers = apply_blockers(application.supplier)
    if blockers:
        raise DomainError(ApplicationError.BLOCKED, " ".join(blockers))
    pending = account_blockers(application.supplier)
    if pending:
        raise DomainError(ApplicationError.CLAIM_PENDING, " ".join(pending))
    if application.supplier.register_status != RegisterStatus.VERIFIED:
        raise DomainError(
            ApplicationError.REGISTER_UNVERIFIED,
            _(
                "%(name)s er ikke kontrollert mot Enhetsregisteret ennå (registeret svarte ikke "
                "da kontoen ble laget). Godkjenn når kontrollen er gjort; vi prøver igjen "
                "automatisk."
            )
            % {"name": application.supplier.name},
        )
    unmet = unmet_conditions(application)
    if unmet:
        raise DomainError(
            ApplicationError.CONDITIONS,
            _("Kan ikke godkjenne før alle vilkår er oppfylt: %(list)s")
            % {"list": "; ".join(f"{row.condition.text} ({row.problem})" for row in unmet)},
        )
    scheme = application.scheme
    today = timezone.localdate()
    answers = application.common_answers
    approval = Approval.objects.create(
        scheme=scheme,
        supplier=application.supplier,
        application=application,
        capacity_cap=application.capacity_cap,
        languages=answers.get("languages", "")[:200],
        staff_competence=answers.get("staff_competence", ""),
        additional_services=answers.get("additional_services", ""),
        contact_email=answers.get("contact_email", ""),
        contact_phone=answers.get("contact_phone", "")[:30],
        valid_from=today,
        valid_until=today + relativedelta(months=scheme.contract_duration_months)
        if scheme.contract_duration_months
        else None,
    )
    approval.zones.set(application.zones.all())
    approval.contract_file.save(
        f"kontrakt-{approval.pk}.pdf",
        ContentFile(render_contract(approval=approval, municipality=municipality)),
        save=True,
    )
    ApprovalEvent.objects.create(
        approval=approval, action=ApprovalAction.APPROVED, by=by, reasons=reasons.strip()
    )
    statistics.approval_moved(approval=approval, action=ApprovalAction.APPROVED, was_active=False)
    application.status = ApplicationStatus.APPROVED
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_at"])
    record(application, ApplicationAction.APPROVED, by, reasons.strip())
    notify(application, "approved")
    return approval

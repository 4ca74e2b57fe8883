"""Reviewing an application: start, ask for supplements (and the supplier's answer),
withdraw, reject with reasons, approve with the contract."""

from __future__ import annotations

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fritt.accounts.models import User
from fritt.errors import DomainError, written
from fritt.events import services as events
from fritt.events.services import state_change
from public_site.suppliers.models import RegisterStatus
from public_site.suppliers.selectors import account_blockers, apply_blockers
from tenants.applications.errors import ApplicationError

from .. import counting
from ..letters import store_decision_letter
from ..models import (
    Application,
    ApplicationAction,
    ApplicationStatus,
    Approval,
    ApprovalAction,
    ApprovalEvent,
    AssessmentOutcome,
    ConditionAssessment,
)
from ..selectors import unassessed_conditions, unmet_conditions

# The facts a supplier states once for every application, shown to citizens when approved.
from .common import (
    move,
    notify,
    record,
    require_impartial,
    require_reviewer,
    require_supplier_user,
)
from .receiving import _attach


def require_open(application: Application) -> None:
    if not application.is_open:
        raise DomainError(
            ApplicationError.NOT_OPEN,
            _("Søknaden er %(status)s og kan ikke endres.")
            % {"status": application.get_status_display().lower()},
        )


def _reviewing(application: Application, by: User):
    """Who may act on an open application: an impartial officer of this municipality."""
    municipality = require_reviewer(by)
    require_impartial(by, application.supplier)
    require_open(application)
    return municipality


@state_change("application.review_started")
@transaction.atomic
def start_review(*, application: Application, by: User) -> Application:
    require_reviewer(by)
    require_impartial(by, application.supplier)
    if application.status != ApplicationStatus.SUBMITTED:
        raise DomainError(
            ApplicationError.NOT_SUBMITTED, _("Bare innsendte søknader kan tas til behandling.")
        )
    move(application, ApplicationAction.REVIEW_STARTED, by)
    return application


@state_change("application.supplement_requested")
@transaction.atomic
def request_supplement(*, application: Application, by: User, message: str) -> Application:
    _reviewing(application, by)
    message = written(message, ApplicationError.MESSAGE, _("Skriv hva leverandøren må sende inn."))
    move(application, ApplicationAction.SUPPLEMENT_REQUESTED, by, message)
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
    answer = move(application, ApplicationAction.SUPPLEMENTED, by, message.strip())
    # The documents go with the answer, so the officer sees what came in response.
    _attach(application, application.supplier, document_ids or [], answer=answer)
    events.record(
        action="application.supplemented",
        subject=application,
        by=by,
        data={"documents": sorted(document_ids or [])},
    )
    return application


@transaction.atomic
def assess_conditions(
    *,
    application: Application,
    by: User,
    assessments: dict[int, tuple[str, str]],
) -> list[ConditionAssessment]:
    """The officer records their own judgement per condition: {condition id: (outcome,
    comment)}. A later judgement of the same condition replaces the earlier one."""
    _reviewing(application, by)
    conditions = {c.pk: c for c in application.scheme.conditions.all()}
    if not assessments:
        raise DomainError(ApplicationError.ASSESSMENT, _("Vurder minst ett vilkår før du lagrer."))
    unknown = set(assessments) - set(conditions)
    if unknown:
        raise DomainError(
            ApplicationError.ASSESSMENT, _("Vilkåret hører ikke til denne ordningen.")
        )
    now = timezone.now()
    saved = []
    for condition_id, (outcome, comment) in sorted(assessments.items()):
        if outcome not in AssessmentOutcome.values:
            raise DomainError(
                ApplicationError.ASSESSMENT, _("Velg oppfylt eller ikke oppfylt for vilkåret.")
            )
        if outcome == AssessmentOutcome.NOT_MET and not comment.strip():
            raise DomainError(
                ApplicationError.ASSESSMENT_COMMENT,
                _("Skriv hvorfor vilkåret «%(c)s» ikke er oppfylt.")
                % {"c": conditions[condition_id].text},
            )
        assessment, _created = ConditionAssessment.objects.update_or_create(
            application=application,
            condition=conditions[condition_id],
            defaults={"outcome": outcome, "comment": comment.strip(), "by": by, "at": now},
        )
        saved.append(assessment)
    record(application, ApplicationAction.ASSESSED, by)
    events.record(
        action="application.assessed",
        subject=application,
        by=by,
        data={"conditions": {str(a.condition_id): a.outcome for a in saved}},
    )
    return saved


@state_change("application.withdrawn")
@transaction.atomic
def withdraw(*, application: Application, by: User) -> Application:
    require_supplier_user(by, application.supplier)
    require_open(application)
    move(application, ApplicationAction.WITHDRAWN, by)
    return application


@state_change("application.rejected")
@transaction.atomic
def reject(*, application: Application, by: User, reasons: str) -> Application:
    _reviewing(application, by)
    reasons = written(reasons, ApplicationError.REASONS, _("Et avslag må begrunnes skriftlig."))
    move(application, ApplicationAction.REJECTED, by, reasons)
    notify(application, "rejected")
    return application


@state_change("application.approved")
@transaction.atomic
def approve(*, application: Application, by: User, reasons: str = "") -> Approval:
    """Approve: the supplier meets every condition with documents valid today. Makes the
    approval and its contract (PDF from the scheme's template) for the supplier to accept."""
    municipality = _reviewing(application, by)
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
    unassessed = unassessed_conditions(application)
    if unassessed:
        raise DomainError(
            ApplicationError.NOT_ASSESSED,
            _("Vurder hvert vilkår og finn det oppfylt før du godkjenner: %(list)s")
            % {"list": "; ".join(row.condition.text for row in unassessed)},
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
    with counting.counted(approval, new=True):
        ApprovalEvent.objects.create(
            approval=approval, action=ApprovalAction.APPROVED, by=by, reasons=reasons.strip()
        )
    move(application, ApplicationAction.APPROVED, by, reasons.strip())
    # Rendered once decided: the letter states the decision, its date and who made it.
    store_decision_letter(approval=approval, municipality=municipality)
    notify(application, "approved")
    return approval

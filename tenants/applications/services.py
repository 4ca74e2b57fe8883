"""State changes of applications and approvals. Each is one function that checks who may act,
writes its own event, keeps the supplier's national status in step (same transaction) and
notifies the supplier by a task after commit."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fritt.accounts.models import User
from fritt.accounts.roles import Role
from fritt.accounts.selectors import roles_in_municipality
from fritt.celery_app import send_after_commit
from public_site.applying.projection import project_application
from public_site.suppliers.models import RegisterStatus, Supplier, SupplierDocument
from public_site.suppliers.selectors import account_blockers, apply_blockers, supplier_role
from tenants.municipalities.models import Municipality
from tenants.recipients import services as recipients
from tenants.schemes.models import Scheme, SchemeStatus
from tenants.zones.models import Zone

from .contracts import render_contract
from .models import (
    MAX_CAPACITY_CAP,
    OPEN_APPLICATION_STATUSES,
    Application,
    ApplicationAction,
    ApplicationEvent,
    ApplicationStatus,
    Approval,
    ApprovalAction,
    ApprovalEvent,
    ApprovalStatus,
    AttachedDocument,
)
from .selectors import unmet_conditions

# The facts a supplier states once for every application, shown to citizens when approved.
COMMON_FIELDS = (
    "contact_name",
    "contact_email",
    "contact_phone",
    "about",
    "languages",
    "staff_competence",
    "additional_services",
)


def _municipality() -> Municipality:
    tenant = getattr(connection, "tenant", None)
    if not isinstance(tenant, Municipality):
        raise RuntimeError("application services run in a municipality's schema")
    return tenant


def _require_reviewer(by: User) -> Municipality:
    municipality = _municipality()
    roles = roles_in_municipality(user=by, municipality=municipality)
    if not roles & {Role.MUNICIPAL_OFFICER, Role.MUNICIPAL_ADMIN}:
        raise PermissionDenied(
            _("Bare saksbehandlere for ordninger i %(name)s kan behandle søknader.")
            % {"name": municipality.display_name}
        )
    return municipality


def _require_impartial(by: User, supplier: Supplier) -> None:
    """Nobody reviews or decides a case for a company they work for (forvaltningsloven § 6)."""
    if supplier_role(user=by, supplier=supplier) is not None:
        raise ValidationError(
            _(
                "Du er knyttet til %(name)s og kan ikke behandle saker for virksomheten. "
                "Be en kollega om å gjøre det."
            )
            % {"name": supplier.name},
            code="conflict_of_interest",
        )


def _require_supplier_user(by: User, supplier: Supplier, *, admin: bool = False) -> None:
    role = supplier_role(user=by, supplier=supplier)
    if role is None or (admin and role != Role.SUPPLIER_ADMIN):
        raise PermissionDenied(
            _("Bare %(who)s i %(name)s kan gjøre dette.")
            % {
                "who": _("administratorer") if admin else _("brukere"),
                "name": supplier.name,
            }
        )


def _notify(application: Application, kind: str) -> None:
    from . import tasks  # tasks import services; imported late to avoid a cycle

    send_after_commit(tasks.notify_supplier, application.pk, kind)


def _record(application: Application, action: str, by: User, message: str = "") -> None:
    ApplicationEvent.objects.create(application=application, action=action, by=by, message=message)
    project_application(application=application, municipality=_municipality())


@dataclass
class DocumentChoice:
    """A vault document chosen for an application."""

    document: SupplierDocument


@dataclass
class PartRequest:
    """What a supplier submits to one scheme: answers per condition, zones, cap, documents."""

    scheme_id: int
    answers: dict[str, str] = field(default_factory=dict)
    zone_ids: list[int] = field(default_factory=list)
    capacity_cap: int | None = None
    document_ids: list[int] = field(default_factory=list)


def _attach(application: Application, supplier: Supplier, document_ids: list[int]) -> None:
    documents = list(SupplierDocument.objects.filter(supplier=supplier, pk__in=document_ids))
    if len(documents) != len(set(document_ids)):
        raise ValidationError(_("Et av dokumentene finnes ikke i leverandørens dokumentarkiv."))
    already = set(application.documents.values_list("vault_document_id", flat=True))
    AttachedDocument.objects.bulk_create(
        AttachedDocument(
            application=application,
            vault_document=document,
            document_type=document.document_type,
            title=document.title,
            valid_from=document.valid_from,
            valid_until=document.valid_until,
        )
        for document in documents
        if document.pk not in already
    )


@transaction.atomic
def receive_application(
    *,
    supplier: Supplier,
    by: User,
    envelope_id: int,
    common_answers: dict[str, Any],
    part: PartRequest,
    submitted_at: datetime.datetime | None = None,
) -> Application:
    """Take in one part of a national application (called by apply-once only)."""
    _require_supplier_user(by, supplier)
    blockers = apply_blockers(supplier)
    if blockers:
        raise ValidationError(" ".join(blockers), code="blocked")
    pending = account_blockers(supplier)
    if pending:
        raise ValidationError(" ".join(pending), code="claim_pending")
    scheme = Scheme.objects.select_for_update().filter(pk=part.scheme_id).first()
    municipality = _municipality()
    if scheme is None:
        raise ValidationError(
            _("Ordningen finnes ikke i %(m)s.") % {"m": municipality.display_name}
        )
    if scheme.status != SchemeStatus.PUBLISHED:
        raise ValidationError(
            _("«%(title)s» i %(m)s tar ikke imot søknader.")
            % {"title": scheme.title, "m": municipality.display_name},
            code="closed",
        )
    if Application.objects.filter(
        scheme=scheme, supplier=supplier, status__in=OPEN_APPLICATION_STATUSES
    ).exists():
        raise ValidationError(
            _("%(s)s har allerede en søknad under behandling i «%(title)s».")
            % {"s": supplier.name, "title": scheme.title},
            code="duplicate",
        )
    if Approval.objects.filter(
        scheme=scheme,
        supplier=supplier,
        status__in=[ApprovalStatus.ACTIVE, ApprovalStatus.SUSPENDED],
    ).exists():
        raise ValidationError(
            _("%(s)s er allerede godkjent i «%(title)s».")
            % {"s": supplier.name, "title": scheme.title},
            code="approved",
        )
    zones = list(Zone.objects.filter(pk__in=part.zone_ids))
    if part.zone_ids and (
        scheme.covers_whole_municipality
        or len(zones) != len(set(part.zone_ids))
        or any(not scheme.zones.filter(pk=z.pk).exists() for z in zones)
    ):
        raise ValidationError(_("Velg bare soner som ordningen gjelder for."), code="zones")
    if part.capacity_cap is not None and not 1 <= part.capacity_cap <= MAX_CAPACITY_CAP:
        raise ValidationError(
            _("Taket på antall brukere må være mellom 1 og %(max)d.") % {"max": MAX_CAPACITY_CAP},
            code="cap_range",
        )
    if part.capacity_cap is not None and not scheme.allows_capacity_cap:
        raise ValidationError(
            _("«%(title)s» tillater ikke tak på antall brukere.") % {"title": scheme.title},
            code="cap",
        )
    moment = submitted_at or timezone.now()
    application = Application.objects.create(
        scheme=scheme,
        supplier=supplier,
        envelope_id=envelope_id,
        submitted_at=moment,
        decision_due=timezone.localdate(moment)
        + datetime.timedelta(days=scheme.decision_deadline_days or 0),
        common_answers={k: common_answers.get(k, "") for k in COMMON_FIELDS},
        scheme_answers={str(k): str(v) for k, v in part.answers.items()},
        capacity_cap=part.capacity_cap,
    )
    application.zones.set(zones)
    _attach(application, supplier, part.document_ids)
    ApplicationEvent.objects.create(
        application=application, action=ApplicationAction.SUBMITTED, by=by
    )
    return application


def _require_open(application: Application) -> None:
    if not application.is_open:
        raise ValidationError(
            _("Søknaden er %(status)s og kan ikke endres.")
            % {"status": application.get_status_display().lower()},
            code="not_open",
        )


@transaction.atomic
def start_review(*, application: Application, by: User) -> Application:
    _require_reviewer(by)
    _require_impartial(by, application.supplier)
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(_("Bare innsendte søknader kan tas til behandling."))
    application.status = ApplicationStatus.UNDER_REVIEW
    application.save(update_fields=["status"])
    _record(application, ApplicationAction.REVIEW_STARTED, by)
    return application


@transaction.atomic
def request_supplement(*, application: Application, by: User, message: str) -> Application:
    _require_reviewer(by)
    _require_impartial(by, application.supplier)
    _require_open(application)
    if not message.strip():
        raise ValidationError(_("Skriv hva leverandøren må sende inn."), code="message")
    application.status = ApplicationStatus.SUPPLEMENT_REQUESTED
    application.save(update_fields=["status"])
    _record(application, ApplicationAction.SUPPLEMENT_REQUESTED, by, message.strip())
    _notify(application, "supplement_requested")
    return application


@transaction.atomic
def supplement(
    *, application: Application, by: User, message: str, document_ids: list[int] | None = None
) -> Application:
    """The supplier answers a request for supplements: a reply and/or more documents."""
    _require_supplier_user(by, application.supplier)
    if application.status != ApplicationStatus.SUPPLEMENT_REQUESTED:
        raise ValidationError(_("Kommunen har ikke bedt om supplering av denne søknaden."))
    if not message.strip() and not document_ids:
        raise ValidationError(_("Skriv et svar eller legg ved et dokument."), code="message")
    _attach(application, application.supplier, document_ids or [])
    application.status = ApplicationStatus.SUBMITTED
    application.save(update_fields=["status"])
    _record(application, ApplicationAction.SUPPLEMENTED, by, message.strip())
    return application


@transaction.atomic
def withdraw(*, application: Application, by: User) -> Application:
    _require_supplier_user(by, application.supplier)
    _require_open(application)
    application.status = ApplicationStatus.WITHDRAWN
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_at"])
    _record(application, ApplicationAction.WITHDRAWN, by)
    return application


@transaction.atomic
def reject(*, application: Application, by: User, reasons: str) -> Application:
    _require_reviewer(by)
    _require_impartial(by, application.supplier)
    _require_open(application)
    if not reasons.strip():
        raise ValidationError(_("Et avslag må begrunnes skriftlig."), code="reasons")
    application.status = ApplicationStatus.REJECTED
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_at"])
    _record(application, ApplicationAction.REJECTED, by, reasons.strip())
    _notify(application, "rejected")
    return application


@transaction.atomic
def approve(*, application: Application, by: User, reasons: str = "") -> Approval:
    """Approve: the supplier meets every condition with documents valid today. Makes the
    approval and its contract (PDF from the scheme's template) for the supplier to accept."""
    municipality = _require_reviewer(by)
    _require_impartial(by, application.supplier)
    _require_open(application)
    blockers = apply_blockers(application.supplier)
    if blockers:
        raise ValidationError(" ".join(blockers), code="blocked")
    pending = account_blockers(application.supplier)
    if pending:
        raise ValidationError(" ".join(pending), code="claim_pending")
    if application.supplier.register_status != RegisterStatus.VERIFIED:
        raise ValidationError(
            _(
                "%(name)s er ikke kontrollert mot Enhetsregisteret ennå (registeret svarte ikke "
                "da kontoen ble laget). Godkjenn når kontrollen er gjort; vi prøver igjen "
                "automatisk."
            )
            % {"name": application.supplier.name},
            code="register_unverified",
        )
    unmet = unmet_conditions(application)
    if unmet:
        raise ValidationError(
            _("Kan ikke godkjenne før alle vilkår er oppfylt: %(list)s")
            % {"list": "; ".join(f"{row.condition.text} ({row.problem})" for row in unmet)},
            code="conditions",
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
    application.status = ApplicationStatus.APPROVED
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_at"])
    _record(application, ApplicationAction.APPROVED, by, reasons.strip())
    _notify(application, "approved")
    return approval


@transaction.atomic
def accept_contract(*, approval: Approval, by: User) -> Approval:
    _require_supplier_user(by, approval.supplier, admin=True)
    if approval.status != ApprovalStatus.ACTIVE:
        raise ValidationError(_("Bare en aktiv godkjenning har en kontrakt å akseptere."))
    if approval.contract_accepted_at:
        raise ValidationError(_("Kontrakten er allerede akseptert."), code="accepted")
    approval.contract_accepted_at = timezone.now()
    approval.contract_accepted_by = by
    approval.save(update_fields=["contract_accepted_at", "contract_accepted_by"])
    ApprovalEvent.objects.create(approval=approval, action=ApprovalAction.CONTRACT_ACCEPTED, by=by)
    project_application(application=approval.application, municipality=_municipality())
    return approval


APPROVAL_FACTS = (
    "takes_new_recipients",
    "languages",
    "staff_competence",
    "additional_services",
    "contact_email",
    "contact_phone",
)


@transaction.atomic
def update_approval_facts(*, approval: Approval, by: User, **facts: Any) -> Approval:
    """The supplier keeps what citizens compare up to date, e.g. closes for new recipients."""
    _require_supplier_user(by, approval.supplier, admin=True)
    if approval.status not in (ApprovalStatus.ACTIVE, ApprovalStatus.SUSPENDED):
        raise ValidationError(_("Godkjenningen er avsluttet og kan ikke endres."))
    unknown = set(facts) - set(APPROVAL_FACTS)
    if unknown:
        raise ValueError(f"not a supplier-editable fact: {sorted(unknown)}")
    for name, value in facts.items():
        setattr(approval, name, value)
    approval.save(update_fields=list(facts))
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


def _move_approval(approval: Approval, *, action: str, by: User, reasons: str) -> Approval:
    allowed_from, target = _APPROVAL_MOVES[action]
    if approval.status not in allowed_from:
        raise ValidationError(
            _("Godkjenningen er %(status)s; det går ikke an å %(what)s den.")
            % {
                "status": approval.get_status_display().lower(),
                "what": ApprovalAction(action).label.lower(),
            },
            code="state",
        )
    approval.status = target
    fields = ["status"]
    if target in (ApprovalStatus.REVOKED, ApprovalStatus.ENDED):
        approval.ended_at = timezone.now()
        fields.append("ended_at")
    approval.save(update_fields=fields)
    ApprovalEvent.objects.create(approval=approval, action=action, by=by, reasons=reasons.strip())
    project_application(application=approval.application, municipality=_municipality())
    _after_approval_change(approval, by=by)
    _notify(approval.application, action)
    return approval


def _after_approval_change(approval: Approval, *, by: User) -> None:
    """Recipients served under an approval that stops must be asked to choose again."""
    if approval.status == ApprovalStatus.ACTIVE:
        return
    revoked = approval.status == ApprovalStatus.REVOKED
    recipients.request_rechoice_for_approval(approval=approval, by=by, revoked=revoked)
    recipients.rechoice_in_participants(
        approval=approval, host=_municipality(), by=by, revoked=revoked
    )


@transaction.atomic
def suspend_approval(*, approval: Approval, by: User, reasons: str) -> Approval:
    _require_reviewer(by)
    _require_impartial(by, approval.supplier)
    if not reasons.strip():
        raise ValidationError(_("En suspensjon må begrunnes."), code="reasons")
    return _move_approval(approval, action=ApprovalAction.SUSPENDED, by=by, reasons=reasons)


@transaction.atomic
def reinstate_approval(*, approval: Approval, by: User, reasons: str = "") -> Approval:
    _require_reviewer(by)
    _require_impartial(by, approval.supplier)
    return _move_approval(approval, action=ApprovalAction.REINSTATED, by=by, reasons=reasons)


@transaction.atomic
def revoke_approval(*, approval: Approval, by: User, reasons: str) -> Approval:
    _require_reviewer(by)
    _require_impartial(by, approval.supplier)
    if not reasons.strip():
        raise ValidationError(_("En tilbakekalling må begrunnes skriftlig."), code="reasons")
    return _move_approval(approval, action=ApprovalAction.REVOKED, by=by, reasons=reasons)


@transaction.atomic
def end_approval(*, approval: Approval, by: User, reasons: str = "") -> Approval:
    """Either side ends the approval with the scheme's notice period for that side."""
    municipality = _municipality()
    scheme = approval.scheme
    if roles_in_municipality(user=by, municipality=municipality) & {
        Role.MUNICIPAL_OFFICER,
        Role.MUNICIPAL_ADMIN,
    }:
        _require_impartial(by, approval.supplier)
        notice = scheme.notice_period_municipality_days
    else:
        _require_supplier_user(by, approval.supplier, admin=True)
        notice = scheme.notice_period_supplier_days
    approval.valid_until = timezone.localdate() + datetime.timedelta(days=notice or 0)
    approval.save(update_fields=["valid_until"])
    return _move_approval(approval, action=ApprovalAction.ENDED, by=by, reasons=reasons)

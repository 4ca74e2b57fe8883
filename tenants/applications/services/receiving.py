"""Receiving one part of a supplier's apply-once submission in this municipality."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from fritt.accounts.models import User
from fritt.errors import DomainError
from fritt.events.services import state_change
from fritt.tenancy.schemas import current_municipality
from public_site.statistics import projection as statistics
from public_site.suppliers.models import Supplier, SupplierDocument
from public_site.suppliers.selectors import account_blockers, apply_blockers
from tenants.applications.errors import ApplicationError
from tenants.schemes.models import Scheme, SchemeStatus

from ..models import (
    MAX_CAPACITY_CAP,
    OPEN_APPLICATION_STATUSES,
    Application,
    ApplicationAction,
    ApplicationEvent,
    Approval,
    ApprovalStatus,
    AttachedDocument,
)

# The facts a supplier states once for every application, shown to citizens when approved.
from .common import require_supplier_user

COMMON_FIELDS = (
    "contact_name",
    "contact_email",
    "contact_phone",
    "about",
    "languages",
    "staff_competence",
    "additional_services",
)


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


@dataclass(frozen=True)
class Applicant:
    """The supplier behind an apply-once submission and its chosen vault documents, checked
    once for the whole envelope rather than once in every municipality."""

    supplier: Supplier
    by: User
    documents: dict[int, SupplierDocument]


def check_applicant(*, supplier: Supplier, by: User, document_ids: list[int]) -> Applicant:
    """May this user apply for this supplier now? And the documents it chose, read once."""
    require_supplier_user(by, supplier)
    blockers = apply_blockers(supplier)
    if blockers:
        raise DomainError(ApplicationError.BLOCKED, " ".join(blockers))
    pending = account_blockers(supplier)
    if pending:
        raise DomainError(ApplicationError.CLAIM_PENDING, " ".join(pending))
    documents = SupplierDocument.objects.filter(supplier=supplier, pk__in=sorted(set(document_ids)))
    return Applicant(supplier, by, {d.pk: d for d in documents})


def _copy_documents(
    application: Application,
    documents: list[SupplierDocument],
    answer: ApplicationEvent | None = None,
) -> None:
    """Copies of vault documents onto an application, as they read now, in one statement: a
    later change in the vault does not change what was applied with."""
    AttachedDocument.objects.bulk_create(
        AttachedDocument(
            application=application,
            vault_document=document,
            document_type=document.document_type,
            title=document.title,
            valid_from=document.valid_from,
            valid_until=document.valid_until,
            answer=answer,
        )
        for document in documents
    )


def _attach_new(application: Application, applicant: Applicant, document_ids: list[int]) -> None:
    """The chosen documents onto a new application, in one statement."""
    wanted = sorted(set(document_ids))
    if any(pk not in applicant.documents for pk in wanted):
        raise DomainError(
            ApplicationError.DOCUMENT,
            _("Et av dokumentene finnes ikke i leverandørens dokumentarkiv."),
        )
    _copy_documents(application, [applicant.documents[pk] for pk in wanted])


def _attach(
    application: Application,
    supplier: Supplier,
    document_ids: list[int],
    answer: ApplicationEvent | None = None,
) -> None:
    documents = list(SupplierDocument.objects.filter(supplier=supplier, pk__in=document_ids))
    if len(documents) != len(set(document_ids)):
        raise DomainError(
            ApplicationError.DOCUMENT,
            _("Et av dokumentene finnes ikke i leverandørens dokumentarkiv."),
        )
    already = set(application.documents.values_list("vault_document_id", flat=True))
    _copy_documents(application, [d for d in documents if d.pk not in already], answer=answer)


# No @transaction.atomic of its own: state_change already runs it in one, and apply-once calls
# it once per municipality (a second savepoint would be two more statements per part).
@state_change("application.received")
def receive_application(
    *,
    supplier: Supplier,
    by: User,
    envelope_id: int,
    common_answers: dict[str, Any],
    part: PartRequest,
    submitted_at: datetime.datetime | None = None,
    applicant: Applicant | None = None,
) -> Application:
    """Take in one part of a national application (called by apply-once only). Apply-once
    checks the applicant once (`check_applicant`) and passes it; each part then costs a fixed
    handful of statements: the scheme with both duplicate checks, the application, its
    documents and its event."""
    if applicant is None:
        applicant = check_applicant(supplier=supplier, by=by, document_ids=part.document_ids)
    live = [ApprovalStatus.ACTIVE, ApprovalStatus.SUSPENDED]
    mine = {"scheme": OuterRef("pk"), "supplier": supplier}
    scheme = (
        Scheme.objects.select_for_update(of=("self",))
        .annotate(
            has_open_application=Exists(
                Application.objects.filter(**mine, status__in=OPEN_APPLICATION_STATUSES)
            ),
            has_live_approval=Exists(Approval.objects.filter(**mine, status__in=live)),
        )
        .filter(pk=part.scheme_id)
        .first()
    )
    municipality = current_municipality()
    if scheme is None:
        raise DomainError(
            ApplicationError.NO_SCHEME,
            _("Ordningen finnes ikke i %(m)s.") % {"m": municipality.display_name},
        )
    if scheme.status != SchemeStatus.PUBLISHED:
        raise DomainError(
            ApplicationError.CLOSED,
            _("«%(title)s» i %(m)s tar ikke imot søknader.")
            % {"title": scheme.title, "m": municipality.display_name},
        )
    if scheme.has_open_application:
        raise DomainError(
            ApplicationError.DUPLICATE_APPLICATION,
            _("%(s)s har allerede en søknad under behandling i «%(title)s».")
            % {"s": supplier.name, "title": scheme.title},
        )
    if scheme.has_live_approval:
        raise DomainError(
            ApplicationError.APPROVED,
            _("%(s)s er allerede godkjent i «%(title)s».")
            % {"s": supplier.name, "title": scheme.title},
        )
    # Only the scheme's own zones are found, so a foreign or unknown id shows as a shortfall.
    zones = list(scheme.zones.filter(pk__in=part.zone_ids)) if part.zone_ids else []
    if part.zone_ids and (
        scheme.covers_whole_municipality or len(zones) != len(set(part.zone_ids))
    ):
        raise DomainError(ApplicationError.ZONES, _("Velg bare soner som ordningen gjelder for."))
    if part.capacity_cap is not None and not 1 <= part.capacity_cap <= MAX_CAPACITY_CAP:
        raise DomainError(
            ApplicationError.CAP_RANGE,
            _("Taket på antall brukere må være mellom 1 og %(max)d.") % {"max": MAX_CAPACITY_CAP},
        )
    if part.capacity_cap is not None and not scheme.allows_capacity_cap:
        raise DomainError(
            ApplicationError.CAP,
            _("«%(title)s» tillater ikke tak på antall brukere.") % {"title": scheme.title},
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
    if zones:
        application.zones.add(*zones)
    _attach_new(application, applicant, part.document_ids)
    ApplicationEvent.objects.create(
        application=application, action=ApplicationAction.SUBMITTED, by=by
    )
    statistics.application_received(application=application)
    return application

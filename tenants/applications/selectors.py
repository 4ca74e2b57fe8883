"""Reads for reviewing applications: the inbox, the condition checklist, approvals."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.schemes.models import ApprovalCondition, Scheme

from .models import (
    OPEN_APPLICATION_STATUSES,
    Application,
    Approval,
    ApprovalStatus,
    AttachedDocument,
)

# The inbox's orderings, by the `sorter` a page may ask for; each is served by an index on
# (status, column) (see Application.Meta.indexes).
INBOX_ORDERINGS: dict[str, tuple[str, ...]] = {
    "frist": ("decision_due", "submitted_at", "pk"),
    "-frist": ("-decision_due", "-submitted_at", "-pk"),
    "sendt": ("submitted_at", "pk"),
    "-sendt": ("-submitted_at", "-pk"),
}


def inbox(
    *,
    status: str = "open",
    scheme: Scheme | None = None,
    supplier: str = "",
    order: str = "frist",
) -> QuerySet[Application]:
    """Applications for review, earliest deadline first. status 'open' or one status value;
    `supplier` finds by the supplier's name (part of it) or its whole org.nr."""
    applications = Application.objects.select_related("scheme", "supplier")
    if status == "open":
        applications = applications.filter(status__in=OPEN_APPLICATION_STATUSES)
    elif status:
        applications = applications.filter(status=status)
    if scheme is not None:
        applications = applications.filter(scheme=scheme)
    supplier = (supplier or "").strip()
    compact = supplier.replace(" ", "")
    if compact.isdigit() and len(compact) == 9:
        applications = applications.filter(supplier__orgnr=compact)
    elif supplier:
        applications = applications.filter(supplier__name__icontains=supplier)
    return applications.order_by(*INBOX_ORDERINGS.get(order, INBOX_ORDERINGS["frist"]))


def is_overdue(application: Application, today: datetime.date | None = None) -> bool:
    return application.is_open and application.decision_due < (today or timezone.localdate())


@dataclass(frozen=True)
class ChecklistRow:
    condition: ApprovalCondition
    document: AttachedDocument | None
    answer: str
    ok: bool
    problem: str


def _valid_on(document: AttachedDocument, day: datetime.date) -> bool:
    return document.valid_from <= day and (
        document.valid_until is None or document.valid_until >= day
    )


def checklist(application: Application, today: datetime.date | None = None) -> list[ChecklistRow]:
    """Each approval condition against what the supplier submitted, valid on `today`."""
    day = today or timezone.localdate()
    documents = list(application.documents.all())
    rows = []
    for condition in application.scheme.conditions.all():
        answer = str(application.scheme_answers.get(str(condition.pk), "")).strip()
        if condition.document_type:
            candidates = [d for d in documents if d.document_type == condition.document_type]
            valid = [d for d in candidates if _valid_on(d, day)]
            document = (valid or candidates or [None])[0]
            if valid:
                rows.append(ChecklistRow(condition, document, answer, True, ""))
            elif candidates:
                rows.append(
                    ChecklistRow(
                        condition, document, answer, False, _("Dokumentet er ikke gyldig i dag.")
                    )
                )
            else:
                rows.append(ChecklistRow(condition, None, answer, False, _("Dokument mangler.")))
        else:
            rows.append(
                ChecklistRow(
                    condition, None, answer, bool(answer), "" if answer else _("Ikke besvart.")
                )
            )
    return rows


def unmet_conditions(application: Application) -> list[ChecklistRow]:
    return [row for row in checklist(application) if not row.ok]


APPROVAL_ORDERINGS: dict[str, tuple[str, ...]] = {
    "ordning": ("scheme__title", "supplier__name", "pk"),
    "leverandor": ("supplier__name", "scheme__title", "pk"),
    "-gjelder": ("-valid_from", "-pk"),
}


def approvals(
    *, status: str = "", scheme: Scheme | None = None, supplier: str = "", order: str = "ordning"
) -> QuerySet[Approval]:
    result = Approval.objects.select_related("scheme", "supplier", "scheme__service_type")
    if status:
        result = result.filter(status=status)
    if scheme is not None:
        result = result.filter(scheme=scheme)
    supplier = (supplier or "").strip()
    compact = supplier.replace(" ", "")
    if compact.isdigit() and len(compact) == 9:
        result = result.filter(supplier__orgnr=compact)
    elif supplier:
        result = result.filter(supplier__name__icontains=supplier)
    return result.order_by(*APPROVAL_ORDERINGS.get(order, APPROVAL_ORDERINGS["ordning"]))


def live_approvals(scheme: Scheme) -> QuerySet[Approval]:
    return approvals(scheme=scheme).filter(status=ApprovalStatus.ACTIVE)


def vault_file(attached: AttachedDocument):
    """(open file, content type) of the vault copy behind an attached document, or None when
    the supplier has deleted it since (the snapshot in the application stays)."""
    from public_site.suppliers.models import SupplierDocument

    document = SupplierDocument.objects.filter(
        pk=attached.vault_document_id, supplier_id=attached.application.supplier_id
    ).first()
    if document is None:
        return None
    try:
        return document.file.open("rb"), document.content_type
    except FileNotFoundError:
        return None

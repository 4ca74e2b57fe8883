"""Reads for reviewing applications: the inbox, the condition checklist, approvals."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.schemes.models import ApprovalCondition, Scheme

from .counting import LIVE, expires_at
from .models import (
    OPEN_APPLICATION_STATUSES,
    Application,
    ApplicationAction,
    ApplicationEvent,
    ApplicationStatus,
    Approval,
    ApprovalStatus,
    AssessmentOutcome,
    AttachedDocument,
    ConditionAssessment,
)

# The inbox's orderings, by the `sorter` a page may ask for; each is served by an index on
# (status, column) (see Application.Meta.indexes).
INBOX_ORDERINGS: dict[str, tuple[str, ...]] = {
    "frist": ("decision_due", "submitted_at", "pk"),
    "-frist": ("-decision_due", "-submitted_at", "-pk"),
    "sendt": ("submitted_at", "pk"),
    "-sendt": ("-submitted_at", "-pk"),
}


def _narrowed(rows: QuerySet, *, scheme: Scheme | None, supplier: str | None) -> QuerySet:
    """Rows of one scheme and of one supplier, found by its whole org.nr (spaces allowed) or
    part of its name."""
    if scheme is not None:
        rows = rows.filter(scheme=scheme)
    supplier = (supplier or "").strip()
    compact = supplier.replace(" ", "")
    if compact.isdigit() and len(compact) == 9:
        return rows.filter(supplier__orgnr=compact)
    if supplier:
        return rows.filter(supplier__name__icontains=supplier)
    return rows


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
    applications = _narrowed(applications, scheme=scheme, supplier=supplier)
    return applications.order_by(*INBOX_ORDERINGS.get(order, INBOX_ORDERINGS["frist"]))


def is_overdue(application: Application, today: datetime.date | None = None) -> bool:
    return application.is_open and application.decision_due < (today or timezone.localdate())


@dataclass(frozen=True)
class ChecklistRow:
    """One condition: the evidence (answer, newest document, whether it is valid today: `ok`)
    and the officer's own judgement (`assessment`; `stale` when a document for the condition
    came in after it was made, so the officer has not judged what is attached now)."""

    condition: ApprovalCondition
    document: AttachedDocument | None
    answer: str
    ok: bool
    problem: str
    assessment: ConditionAssessment | None = None
    stale: bool = False

    @property
    def judged_met(self) -> bool:
        return (
            self.assessment is not None
            and not self.stale
            and self.assessment.outcome == AssessmentOutcome.MET
        )

    @property
    def judged_not_met(self) -> bool:
        return self.assessment is not None and self.assessment.outcome == AssessmentOutcome.NOT_MET


def _valid_on(document: AttachedDocument, day: datetime.date) -> bool:
    return document.valid_from <= day and (
        document.valid_until is None or document.valid_until >= day
    )


def checklist(application: Application, today: datetime.date | None = None) -> list[ChecklistRow]:
    """Each approval condition against what the supplier submitted, valid on `today`."""
    day = today or timezone.localdate()
    # Newest attached first: a document sent with a supplement answer replaces the older one.
    documents = sorted(
        application.documents.select_related("answer"),
        key=lambda d: (d.attached_at, d.pk),
        reverse=True,
    )
    assessments = {
        a.condition_id: a for a in application.assessments.select_related("by").order_by("pk")
    }
    rows = []
    for condition in application.scheme.conditions.all():
        answer = str(application.scheme_answers.get(str(condition.pk), "")).strip()
        assessment = assessments.get(condition.pk)
        if condition.document_type:
            candidates = [d for d in documents if d.document_type == condition.document_type]
            valid = [d for d in candidates if _valid_on(d, day)]
            document = (valid or candidates or [None])[0]
            stale = assessment is not None and any(
                d.attached_at > assessment.at for d in candidates
            )
            if valid:
                ok, problem = True, ""
            elif candidates:
                ok, problem = False, _("Dokumentet er ikke gyldig i dag.")
            else:
                ok, problem = False, _("Dokument mangler.")
            rows.append(ChecklistRow(condition, document, answer, ok, problem, assessment, stale))
        else:
            rows.append(
                ChecklistRow(
                    condition,
                    None,
                    answer,
                    bool(answer),
                    "" if answer else _("Ikke besvart."),
                    assessment,
                )  # fmt: skip
            )
    return rows


def unmet_conditions(application: Application) -> list[ChecklistRow]:
    return [row for row in checklist(application) if not row.ok]


def unassessed_conditions(application: Application) -> list[ChecklistRow]:
    """Conditions the officer has not judged met (not judged, judged not met, or judged before
    the newest document came in)."""
    return [row for row in checklist(application) if not row.judged_met]


def answered(applications: QuerySet[Application]) -> QuerySet[Application]:
    """Mark (`answered`) the submitted applications whose latest turn is the supplier's answer
    to a supplement request, so the inbox can tell them from new ones."""
    latest_turn = (
        ApplicationEvent.objects.filter(
            application=OuterRef("pk"),
            action__in=[
                ApplicationAction.SUBMITTED,
                ApplicationAction.SUPPLEMENT_REQUESTED,
                ApplicationAction.SUPPLEMENTED,
                ApplicationAction.REVIEW_STARTED,
            ],
        )
        .order_by("-at", "-pk")
        .values("action")[:1]
    )
    return applications.annotate(latest_turn=Subquery(latest_turn)).annotate(
        answered=ExpressionWrapper(
            Q(status=ApplicationStatus.SUBMITTED, latest_turn=ApplicationAction.SUPPLEMENTED),
            output_field=BooleanField(),
        )
    )


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
    result = _narrowed(result, scheme=scheme, supplier=supplier)
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


@dataclass(frozen=True)
class Consequences:
    """What stopping an approval does, said before the officer confirms it."""

    action: str
    recipients: int
    from_date: datetime.date
    choose_by: datetime.date
    valid_until: datetime.date | None
    joint: bool


def approval_consequences(approval: Approval, action: str) -> Consequences:
    """`action` is "suspender", "tilbakekall" or "avslutt" (the page's slugs)."""
    from tenants.recipients.selectors import served_under
    from tenants.recipients.services import DEFAULT_CHOICE_DAYS

    today = timezone.localdate()
    notice = approval.scheme.notice_period_municipality_days or 0
    return Consequences(
        action=action,
        recipients=served_under(approval, today),
        from_date=today,
        choose_by=today + datetime.timedelta(days=DEFAULT_CHOICE_DAYS),
        valid_until=today + datetime.timedelta(days=notice) if action == "avslutt" else None,
        joint=approval.scheme.is_joint,
    )


@dataclass(frozen=True)
class SchemeLoad:
    """What runs under a scheme, said before it is closed or ended."""

    approvals: int
    recipients: int
    open_applications: int


def scheme_load(scheme: Scheme) -> SchemeLoad:
    from tenants.recipients.selectors import served_under

    live = list(
        Approval.objects.filter(
            scheme=scheme, status__in=[ApprovalStatus.ACTIVE, ApprovalStatus.SUSPENDED]
        )
    )
    return SchemeLoad(
        approvals=len(live),
        recipients=sum(served_under(a) for a in live),
        open_applications=Application.objects.filter(
            scheme=scheme, status__in=OPEN_APPLICATION_STATUSES
        ).count(),
    )


@dataclass(frozen=True)
class Workload:
    """The officer's open applications by deadline."""

    overdue: list[Application]
    this_week: list[Application]
    later: list[Application]
    answered: int


def workload(today: datetime.date | None = None) -> Workload:
    day = today or timezone.localdate()
    week = day + datetime.timedelta(days=7)
    open_ = list(answered(inbox(status="open")))
    return Workload(
        overdue=[a for a in open_ if a.decision_due < day],
        this_week=[a for a in open_ if day <= a.decision_due <= week],
        later=[a for a in open_ if a.decision_due > week],
        answered=sum(1 for a in open_ if a.answered),
    )


def expired_unended(
    *,
    today: datetime.date,
    scheme_ids: list[int] | None = None,
    approval_ids: list[int] | None = None,
) -> dict[int, datetime.datetime]:
    """Approvals still active or suspended whose `valid_until` has passed, each with the moment
    it counts as ended (`counting.expires_at`): the daily task ends them then, and the
    statistics count them ended from then even before the task has run."""
    rows = Approval.objects.filter(status__in=LIVE, valid_until__lt=today)
    if scheme_ids is not None:
        rows = rows.filter(scheme_id__in=scheme_ids)
    if approval_ids is not None:
        rows = rows.filter(pk__in=approval_ids)
    return {
        pk: expires_at(status=status, valid_until=valid_until, last_move=last)
        for pk, status, valid_until, last in rows.annotate(last=Max("events__at")).values_list(
            "pk", "status", "valid_until", "last"
        )
    }

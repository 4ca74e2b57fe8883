"""Apply once (the national envelope and one application in each municipality, all or
nothing), a supplier's actions on the parts of its applications, each run in the schema of the
municipality that holds the part, and its saved searches."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fritt.accounts.models import User
from fritt.errors import DomainError, NotAllowed, error_code
from fritt.events.services import state_change
from fritt.tenancy.schemas import in_municipality
from public_site.announcements.models import Announcement, AnnouncementStatus
from public_site.applying.errors import ApplyingError

from .models import ApplicationEnvelope, ApplicationPart, SavedSearch

# --- Apply once -------------------------------------------------------------------------------


class ApplyError(Exception):
    """One part of an apply-once submission was refused; nothing was kept anywhere."""

    def __init__(self, announcement, error):
        self.announcement = announcement
        self.error = error
        self.code = error_code(error)  # the part's refusal, for callers that tell them apart
        messages = getattr(error, "messages", None) or [str(error)]
        super().__init__(f"{announcement.host.display_name}: {' '.join(messages)}")


@state_change("envelope.submitted")
def submit_envelope(*, supplier, by, common_answers: dict, parts: list) -> ApplicationEnvelope:
    """Apply once: the national envelope and one application in each host municipality's
    schema, in one transaction. `parts` is a list of (Announcement, PartRequest). If any part is
    refused, everything is rolled back and ApplyError names the part."""
    from tenants.applications import services as application_services

    if not parts:
        raise DomainError(ApplyingError.NO_PARTS, _("Velg minst én kunngjøring å søke på."))
    now = timezone.now()
    with transaction.atomic():
        # The supplier's right to apply and its documents: checked once, not per municipality.
        try:
            applicant = application_services.check_applicant(
                supplier=supplier, by=by,
                document_ids=[pk for _announcement, part in parts for pk in part.document_ids],
            )  # fmt: skip
        except (ValidationError, PermissionDenied) as error:
            raise ApplyError(parts[0][0], error) from error  # as the first part would have
        envelope = ApplicationEnvelope.objects.create(
            supplier=supplier, submitted_by=by, submitted_at=now, common_answers=common_answers
        )
        made: list[ApplicationPart] = []
        for announcement, part in parts:
            if announcement.status != AnnouncementStatus.OPEN:
                raise ApplyError(
                    announcement,
                    ValidationError(
                        _("«%(title)s» tar ikke imot søknader.") % {"title": announcement.title},
                        code="closed",
                    ),
                )
            part.scheme_id = announcement.scheme_id
            try:
                with in_municipality(announcement.host):
                    application = application_services.receive_application(
                        supplier=supplier,
                        by=by,
                        envelope_id=envelope.pk,
                        common_answers=common_answers,
                        part=part,
                        submitted_at=now,
                        applicant=applicant,
                    )
                    made.append(
                        ApplicationPart(
                            envelope=envelope,
                            announcement=announcement,
                            municipality=announcement.host,
                            application_id=application.pk,
                            status=application.status,
                            decision_due=application.decision_due,
                            updated_at=now,
                        )
                    )
            except (ValidationError, PermissionDenied) as error:
                raise ApplyError(announcement, error) from error
        # The national parts in one statement once every municipality has taken its part.
        ApplicationPart.objects.bulk_create(made)
    return envelope


def scheme_form_facts(announcement: Announcement) -> dict:
    """What the apply form asks per scheme, read live from the host's schema: the approval
    conditions (with their ids), the zones it may serve, whether a capacity cap is allowed."""
    from tenants.schemes.models import Scheme

    with in_municipality(announcement.host):
        scheme = Scheme.objects.get(pk=announcement.scheme_id)
        return {
            "conditions": [
                {"id": c.pk, "text": c.text, "document_type": c.document_type}
                for c in scheme.conditions.all()
            ],
            "zones": []
            if scheme.covers_whole_municipality
            else [{"id": z.pk, "name": z.name} for z in scheme.zones.order_by("name")],
            "allows_capacity_cap": scheme.allows_capacity_cap,
        }


def in_part_municipality(part: ApplicationPart):
    """Enter the schema of the municipality that holds this part, for a supplier's action on it
    (answer a supplement, withdraw, accept the contract). Evaluate querysets inside."""
    return in_municipality(part.municipality)


# --- Actions on one part ----------------------------------------------------------------------


def _application(part: ApplicationPart):
    from tenants.applications.models import Application

    return Application.objects.select_related("scheme", "supplier").get(pk=part.application_id)


def _approval(part: ApplicationPart):
    """The part's approval, or a ValidationError (code `not_approved`) if it has none yet."""
    from tenants.applications.models import Approval

    approval = Approval.objects.filter(application_id=part.application_id).first()
    if approval is None:
        raise DomainError(ApplyingError.NOT_APPROVED, _("Søknaden er ikke godkjent."))
    return approval


def part_details(*, part: ApplicationPart) -> dict[str, Any]:
    """What the supplier may see of the part: its trail, documents, checklist and approval.
    Read inside the municipality's schema and returned as plain data."""
    from tenants.applications.selectors import checklist

    with in_part_municipality(part):
        application = _application(part)
        approval = getattr(application, "approval", None)
        return {
            "scheme_title": application.scheme.title,
            "status": application.get_status_display(),
            "decision_due": application.decision_due,
            "events": [
                {"action": e.get_action_display(), "at": e.at, "message": e.message}
                for e in application.events.all()
            ],
            "documents": [
                {"type": d.get_document_type_display(), "title": d.title, "until": d.valid_until}
                for d in application.documents.all()
            ],
            # The officer's judgement, where made, is what the supplier reads; a valid document
            # alone never says a condition is met.
            "checklist": [
                {
                    "text": row.condition.text,
                    "state": "met"
                    if row.judged_met
                    else "not_met"
                    if row.judged_not_met
                    else "pending",
                    "comment": row.assessment.comment if row.assessment else "",
                    "problem": row.problem,
                }
                for row in checklist(application)
            ],  # fmt: skip
            "rejected": application.status == "rejected",
            "decided_at": application.decided_at,
            "reasons": next(
                (
                    e.message
                    for e in application.events.all().order_by("-at", "-pk")
                    if e.action == "rejected"
                ),
                "",
            ),  # fmt: skip
            "municipality": part.municipality.display_name,
            "can_supplement": application.status == "supplement_requested",
            "can_withdraw": application.is_open,
            "approval": {
                "status": approval.status,
                "status_label": approval.get_status_display(),
                "live": approval.status in ("active", "suspended"),
                "valid_from": approval.valid_from,
                "valid_until": approval.valid_until,
                "ended_at": approval.ended_at,
                "accepted_at": approval.contract_accepted_at,
                "has_contract": bool(approval.contract_file),
                "facts": {
                    "takes_new_recipients": approval.takes_new_recipients,
                    "languages": approval.languages,
                    "staff_competence": approval.staff_competence,
                    "additional_services": approval.additional_services,
                    "contact_email": approval.contact_email,
                    "contact_phone": approval.contact_phone,
                },
                "events": [
                    {"action": e.get_action_display(), "at": e.at, "reasons": e.reasons}
                    for e in approval.events.all()
                ],
            }
            if approval
            else None,
        }


def supplement(*, part: ApplicationPart, by: User, message: str, document_ids: list[int]) -> None:
    from tenants.applications import services

    with transaction.atomic(), in_part_municipality(part):
        services.supplement(
            application=_application(part), by=by, message=message, document_ids=document_ids
        )


def withdraw(*, part: ApplicationPart, by: User) -> None:
    from tenants.applications import services

    with transaction.atomic(), in_part_municipality(part):
        services.withdraw(application=_application(part), by=by)


def accept_contract(*, part: ApplicationPart, by: User) -> None:
    from tenants.applications import services

    with transaction.atomic(), in_part_municipality(part):
        services.accept_contract(approval=_approval(part), by=by)


def end_approval(*, part: ApplicationPart, by: User, reasons: str) -> None:
    from tenants.applications import services

    with transaction.atomic(), in_part_municipality(part):
        services.end_approval(approval=_approval(part), by=by, reasons=reasons)


def update_facts(*, part: ApplicationPart, by: User, **facts) -> None:
    from tenants.applications import services

    with transaction.atomic(), in_part_municipality(part):
        services.update_approval_facts(approval=_approval(part), by=by, **facts)


def contract_pdf(*, part: ApplicationPart) -> bytes | None:
    from tenants.applications.models import Approval

    with in_part_municipality(part):
        approval = Approval.objects.filter(application_id=part.application_id).first()
        if approval is None or not approval.contract_file:
            return None
        with approval.contract_file.open("rb") as handle:
            return handle.read()


def decision_letter_pdf(*, part: ApplicationPart) -> bytes | None:
    """The municipality's decision letter, rendered as it stands now; None while undecided."""
    from tenants.applications.letters import render_decision_letter

    with in_part_municipality(part):
        application = _application(part)
        if not application.is_decided:
            return None
        return render_decision_letter(application=application, municipality=part.municipality)


@state_change("saved_search.saved")
def save_search(*, user: User, name: str, params: dict[str, str]) -> SavedSearch:
    return SavedSearch.objects.create(user=user, name=name.strip(), params=params)


@state_change("saved_search.deleted")
def delete_saved_search(*, user: User, search: SavedSearch) -> None:
    """A supplier's user removes one of their own saved searches."""
    if search.user_id != user.pk:
        raise NotAllowed(ApplyingError.NOT_YOUR_SEARCH, _("Søket tilhører en annen bruker."))
    search.delete()

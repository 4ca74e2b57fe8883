"""The one named place where data crosses schemas.

All schemas live in one PostgreSQL database and a municipality's search path includes the
public schema, so each function here runs inside the caller's transaction: the tenant write and
its national projection commit or roll back together.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Value
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from public_site.announcements.models import Announcement, AnnouncementStatus, JointMembership
from public_site.applying.models import ApplicationEnvelope, ApplicationPart
from tenants.municipalities.models import Municipality
from tenants.schemes.models import JointParticipant, Scheme, SchemeStatus
from tenants.schemes.selectors import snapshot

_ANNOUNCEMENT_STATUS = {
    SchemeStatus.PUBLISHED: AnnouncementStatus.OPEN,
    SchemeStatus.CLOSED: AnnouncementStatus.CLOSED,
    SchemeStatus.ENDED: AnnouncementStatus.ENDED,
}


def project_scheme(
    *, scheme: Scheme, municipality: Municipality, change: list[str]
) -> Announcement:
    """Create or update the national announcement of a published (or closed/ended) scheme."""
    details = snapshot(scheme)
    # Only municipalities that accepted, and whose notice has not run out, are on the
    # announcement: an invitation alone makes no one a participant.
    participant_ids = list(
        scheme.participants.filter(JointParticipant.in_force()).values_list(
            "municipality_id", flat=True
        )
    )
    summary = (scheme.description or "")[:500]
    announcement, created = Announcement.objects.update_or_create(
        host=municipality,
        scheme_id=scheme.pk,
        defaults={
            "service_type": scheme.service_type,
            "title": scheme.title,
            "summary": summary,
            "details": details,
            "status": _ANNOUNCEMENT_STATUS[scheme.status],
            "is_joint": bool(participant_ids),
            "version": scheme.version,
            "published_at": scheme.published_at,
            "last_changed_at": scheme.last_changed_at or scheme.published_at,
            "last_change_summary": (_("Endret: %(what)s") % {"what": ", ".join(change)})
            if change
            else "",
        },
    )
    announcement.participants.set(participant_ids)
    if created:
        from public_site.applying.tasks import notify_saved_searches

        # Saved searches are national: the task runs in the public schema, whoever published.
        transaction.on_commit(
            lambda: notify_saved_searches.apply_async(
                (announcement.pk,), headers={"_schema_name": "public"}
            )
        )
    names = " ".join([municipality.name_norwegian, *details["participants"]])
    Announcement.objects.filter(pk=announcement.pk).update(
        search_vector=SearchVector(Value(scheme.title), weight="A", config="norwegian")
        + SearchVector(Value(f"{scheme.service_type.name} {names}"), weight="A", config="norwegian")
        + SearchVector(Value(scheme.description), weight="B", config="norwegian")
        + SearchVector(
            Value(f"{scheme.target_group} {scheme.application_process}"),
            weight="C",
            config="norwegian",
        )
    )
    return announcement


# --- Apply once -------------------------------------------------------------------------------


class ApplyError(Exception):
    """One part of an apply-once submission was refused; nothing was kept anywhere."""

    def __init__(self, announcement, error):
        self.announcement = announcement
        self.error = error
        messages = getattr(error, "messages", None) or [str(error)]
        super().__init__(f"{announcement.host.display_name}: {' '.join(messages)}")


def submit_envelope(*, supplier, by, common_answers: dict, parts: list) -> ApplicationEnvelope:
    """Apply once: the national envelope and one application in each host municipality's
    schema, in one transaction. `parts` is a list of (Announcement, PartRequest). If any part is
    refused, everything is rolled back and ApplyError names the part."""
    from tenants.applications import services as application_services

    if not parts:
        raise ValidationError(_("Velg minst én kunngjøring å søke på."))
    now = timezone.now()
    with transaction.atomic():
        envelope = ApplicationEnvelope.objects.create(
            supplier=supplier, submitted_by=by, submitted_at=now, common_answers=common_answers
        )
        for announcement, part in parts:
            if announcement.status != AnnouncementStatus.OPEN:
                raise ApplyError(
                    announcement,
                    ValidationError(
                        _("«%(title)s» tar ikke imot søknader.") % {"title": announcement.title}
                    ),
                )
            part.scheme_id = announcement.scheme_id
            try:
                with tenant_context(announcement.host):
                    application = application_services.receive_application(
                        supplier=supplier,
                        by=by,
                        envelope_id=envelope.pk,
                        common_answers=common_answers,
                        part=part,
                        submitted_at=now,
                    )
                    ApplicationPart.objects.create(
                        envelope=envelope,
                        announcement=announcement,
                        municipality=announcement.host,
                        application_id=application.pk,
                        status=application.status,
                        decision_due=application.decision_due,
                        updated_at=now,
                    )
            except (ValidationError, PermissionDenied) as error:
                raise ApplyError(announcement, error) from error
    return envelope


def project_application(*, application, municipality: Municipality) -> None:
    """Keep the supplier's national view of one application in step with the municipality's."""
    from tenants.applications.models import ApplicationAction

    approval = getattr(application, "approval", None) if application.pk else None
    latest = (
        application.events.filter(
            action__in=[
                ApplicationAction.SUPPLEMENT_REQUESTED,
                ApplicationAction.APPROVED,
                ApplicationAction.REJECTED,
            ]
        )
        .order_by("-at", "-pk")
        .first()
    )
    message = latest.message if latest else ""
    if approval is not None:
        last_move = approval.events.order_by("-at", "-pk").first()
        if last_move and last_move.reasons:
            message = last_move.reasons
    ApplicationPart.objects.filter(municipality=municipality, application_id=application.pk).update(
        status=application.status,
        decision_due=application.decision_due,
        message=message,
        approval_id=approval.pk if approval else None,
        approval_status=approval.status if approval else "",
        contract_accepted=bool(approval and approval.contract_accepted_at),
        updated_at=timezone.now(),
    )
    if approval is not None:
        announcement = Announcement.objects.filter(
            host=municipality, scheme_id=application.scheme_id
        ).first()
        if announcement is not None:
            if approval.status == "active":
                announcement.approved_suppliers.add(application.supplier_id)
            else:
                announcement.approved_suppliers.remove(application.supplier_id)


def scheme_form_facts(announcement: Announcement) -> dict:
    """What the apply form asks per scheme, read live from the host's schema: the approval
    conditions (with their ids), the zones it may serve, whether a capacity cap is allowed."""
    with tenant_context(announcement.host):
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


@contextmanager
def in_municipality(municipality: Municipality):
    """Enter one municipality's schema inside the caller's transaction (all schemas share one
    database); evaluate querysets inside."""
    with tenant_context(municipality):
        yield


def project_membership(*, participant: JointParticipant, host: Municipality) -> JointMembership:
    """Keep the national view of one joint-scheme invitation in step with the host's row."""
    scheme = participant.scheme
    membership, _created = JointMembership.objects.update_or_create(
        host=host,
        scheme_id=scheme.pk,
        participant_id=participant.municipality_id,
        defaults={
            "scheme_title": scheme.title,
            "service_type_id": scheme.service_type_id,
            "status": participant.status,
            "invited_at": participant.invited_at,
            "responded_at": participant.responded_at,
            "leaves_on": participant.leaves_on,
        },
    )
    return membership


@contextmanager
def in_part_municipality(part: ApplicationPart):
    """Enter the schema of the municipality that holds this part, for a supplier's action on it
    (answer a supplement, withdraw, accept the contract). Evaluate querysets inside."""
    with tenant_context(part.municipality):
        yield


# --- Joint schemes seen from a participating municipality ----------------------------------------


def _joint_facts(host: Municipality, approval) -> dict:
    from tenants.recipients.selectors import at_capacity

    return {
        "host": host,
        "approval_id": approval.pk,
        "supplier_id": approval.supplier_id,
        "supplier_name": approval.supplier.name,
        "service_type_id": approval.scheme.service_type_id,
        "active": approval.status == "active",
        "takes_new": approval.takes_new_recipients and not at_capacity(approval),
        "languages": approval.languages,
        "competence": approval.staff_competence,
        "additional_services": approval.additional_services,
        "contact": ", ".join(x for x in [approval.contact_phone, approval.contact_email] if x),
        "scheme_title": approval.scheme.title,
        "switching_notice_days": approval.scheme.switching_notice_days,
    }


def joint_providers(*, participant: Municipality, service_type_id: int) -> list[dict]:
    """Suppliers approved by host municipalities in joint schemes this municipality takes part
    in, for one service: an approval by the host counts in every participant."""
    from tenants.applications.models import Approval

    announcements = Announcement.objects.filter(
        participants=participant,
        service_type_id=service_type_id,
        status__in=[AnnouncementStatus.OPEN, AnnouncementStatus.CLOSED],
    ).select_related("host")
    found = []
    for announcement in announcements:
        with tenant_context(announcement.host):
            approvals = Approval.objects.filter(
                scheme_id=announcement.scheme_id, status="active"
            ).select_related("supplier", "scheme")
            found += [_joint_facts(announcement.host, a) for a in approvals]
    return found


def joint_approval(*, host: Municipality, approval_id: int) -> dict | None:
    from tenants.applications.models import Approval

    with tenant_context(host):
        approval = (
            Approval.objects.filter(pk=approval_id).select_related("supplier", "scheme").first()
        )
        return _joint_facts(host, approval) if approval else None


def rechoice_in_participants(*, approval, host: Municipality, by, revoked: bool) -> int:
    """A host's approval in a joint scheme stopped: recipients in every participating
    municipality who are served under it are asked to choose again, in their own schema."""
    from tenants.recipients.services import request_rechoice_for_joint

    participants = Municipality.objects.filter(
        pk__in=approval.scheme.participants.filter(JointParticipant.in_force()).values_list(
            "municipality_id", flat=True
        )
    )
    affected = 0
    for participant in list(participants):
        with tenant_context(participant):
            affected += request_rechoice_for_joint(
                host=host, approval_id=approval.pk, by=by, revoked=revoked
            )
    return affected


def rechoice_after_leaving(
    *, participant: Municipality, host: Municipality, approval_ids: list[int], by
) -> int:
    """A participation in a host's joint scheme ended: the participant's recipients served by
    the host's suppliers choose again, in the participant's own schema."""
    from tenants.recipients.services import request_rechoice_for_joint

    affected = 0
    with tenant_context(participant):
        for approval_id in approval_ids:
            # Whoever gave notice acts; in the participant they may hold a role of their own.
            affected += request_rechoice_for_joint(
                host=host, approval_id=approval_id, by=by, revoked=False, role=None
            )
    return affected

"""The national projections a municipality's scheme writes beside its own rows: the
announcement and the joint-scheme memberships. Called by the scheme services, in the host's
schema and inside their transaction, so the two never disagree."""

from __future__ import annotations

from django.contrib.postgres.search import SearchVector
from django.db import transaction
from django.db.models import F, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.schemes.models import JointParticipant, Scheme, SchemeStatus
from tenants.schemes.selectors import snapshot

from .models import Announcement, AnnouncementStatus, JointMembership, JointOffer

_ANNOUNCEMENT_STATUS = {
    SchemeStatus.PUBLISHED: AnnouncementStatus.OPEN,
    SchemeStatus.CLOSED: AnnouncementStatus.CLOSED,
    SchemeStatus.ENDED: AnnouncementStatus.ENDED,
}


def project_scheme(*, scheme: Scheme, municipality, change: list[str]) -> Announcement:
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
    # The announcement also changes when its approved suppliers do (`project_approved_supplier`):
    # its version counts both kinds of change, and its time never goes back.
    before = Announcement.objects.filter(host=municipality, scheme_id=scheme.pk).first()
    changed_at = scheme.last_changed_at or scheme.published_at
    if before is not None and changed_at and before.last_changed_at > changed_at:
        changed_at = before.last_changed_at
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
            "version": scheme.version + (before.supplier_changes if before else 0),
            "published_at": scheme.published_at,
            "last_changed_at": changed_at,
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


def project_membership(*, participant: JointParticipant, host) -> JointMembership:
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


def project_approved_supplier(*, host, scheme_id: int, supplier_id: int, active: bool) -> None:
    """An approval started or stopped counting: the announcement lists active suppliers, and a
    change to that list is a new version of the announcement (its feed entry is `updated`), so
    open-data users who poll by version or time see it."""
    # The counters are raised in the database (F), so two approvals at once both count.
    announcement = Announcement.objects.filter(host=host, scheme_id=scheme_id).first()
    if announcement is None:
        return
    listed = announcement.approved_suppliers.filter(pk=supplier_id).exists()
    if listed == active:
        return
    if active:
        announcement.approved_suppliers.add(supplier_id)
        summary = _("Ny godkjent leverandør")
    else:
        announcement.approved_suppliers.remove(supplier_id)
        summary = _("En leverandør er ikke lenger godkjent")
    Announcement.objects.filter(pk=announcement.pk).update(
        version=F("version") + 1,
        supplier_changes=F("supplier_changes") + 1,
        last_changed_at=timezone.now(),
        last_change_summary=summary,
    )


def project_offer(*, approval, host) -> JointOffer:
    """Keep the national facts of one approval in step with the host's row (status, whether it
    takes new recipients, what residents compare). Called in the host's schema."""
    from tenants.recipients.selectors import offer_facts

    facts = offer_facts(approval)
    facts["contact"] = facts["contact"][:300]
    offer, _created = JointOffer.objects.update_or_create(
        host=host, approval_id=approval.pk, defaults=facts
    )
    return offer


def end_announcements_of(*, municipality) -> int:
    """A municipality that leaves the platform takes its schemes off the national site: its
    announcements end (they stay as history, like any ended scheme)."""
    return (
        Announcement.objects.filter(host=municipality)
        .exclude(status=AnnouncementStatus.ENDED)
        .update(status=AnnouncementStatus.ENDED)
    )

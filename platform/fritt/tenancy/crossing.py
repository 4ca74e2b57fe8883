"""The one named place where data crosses schemas.

All schemas live in one PostgreSQL database and a municipality's search path includes the
public schema, so each function here runs inside the caller's transaction: the tenant write and
its national projection commit or roll back together.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVector
from django.db.models import Value
from django.utils.translation import gettext as _

from public_site.announcements.models import Announcement, AnnouncementStatus
from tenants.municipalities.models import Municipality
from tenants.schemes.models import Scheme, SchemeStatus
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
    participant_ids = list(scheme.participants.values_list("municipality_id", flat=True))
    summary = (scheme.description or "")[:500]
    announcement, _created = Announcement.objects.update_or_create(
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

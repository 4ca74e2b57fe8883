"""Reads for apply-once: a supplier's parts and their status, saved searches that match."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from fritt.accounts.models import User
from public_site.announcements.models import Announcement, AnnouncementStatus
from public_site.announcements.selectors import AnnouncementQuery, search_announcements
from public_site.suppliers.models import Supplier

from .models import ApplicationPart, SavedSearch

OPEN_PART_STATUSES = ("submitted", "under_review", "supplement_requested")
LIVE_APPROVAL_STATUSES = ("active", "suspended")


def supplier_parts(supplier: Supplier) -> QuerySet[ApplicationPart]:
    return (
        ApplicationPart.objects.filter(envelope__supplier=supplier)
        .select_related("announcement", "municipality", "envelope", "announcement__service_type")
        .order_by("-envelope__submitted_at", "municipality__name_norwegian", "pk")
    )


def supplier_todo(supplier: Supplier) -> dict[str, list[ApplicationPart]]:
    """What waits for the supplier: supplement requests to answer, contracts to accept."""
    parts = supplier_parts(supplier)
    return {
        "supplements": list(parts.filter(status="supplement_requested").order_by("decision_due")),
        "contracts": list(parts.filter(approval_status="active", contract_accepted=False)),
    }


def open_announcements(ids: list[int]) -> list[Announcement]:
    found = Announcement.objects.filter(pk__in=ids, status=AnnouncementStatus.OPEN).select_related(
        "host", "service_type"
    )
    return sorted(found, key=lambda a: (a.host.name_norwegian, a.title))


@dataclass(frozen=True)
class Standing:
    """Where the supplier already stands in an announcement's scheme: approved (also while
    suspended) or with an application not yet decided. Applying again there is refused."""

    kind: str  # "approved" | "pending"
    part: ApplicationPart

    @property
    def approved(self) -> bool:
        return self.kind == "approved"


def standing(supplier: Supplier, announcement_ids: list[int] | None = None) -> dict[int, Standing]:
    """Announcement id → the supplier's standing there, for the announcements where it has one."""
    parts = ApplicationPart.objects.filter(envelope__supplier=supplier).filter(
        Q(status__in=OPEN_PART_STATUSES) | Q(approval_status__in=LIVE_APPROVAL_STATUSES)
    )
    if announcement_ids is not None:
        parts = parts.filter(announcement_id__in=announcement_ids)
    found: dict[int, Standing] = {}
    for part in parts.select_related("municipality").order_by("updated_at", "pk"):
        kind = "approved" if part.approval_status in LIVE_APPROVAL_STATUSES else "pending"
        current = found.get(part.announcement_id)
        if current is None or not current.approved:  # an approval outweighs a pending one
            found[part.announcement_id] = Standing(kind, part)
    return found


def saved_searches(user: User) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(user=user)


def matching_searches(announcement: Announcement) -> list[int]:
    """The saved searches a new announcement falls within, in four queries however many
    searches there are: the announcement, its participants, the searches, and one full-text
    test of every distinct search text at once. The same rules as `matches`, which asks the
    database once per search."""
    from django.db import connection

    announcement = (
        Announcement.objects.select_related("host", "service_type")
        .filter(pk=announcement.pk)
        .first()
    )
    if announcement is None:
        return []
    places = [(announcement.host.slug, str(announcement.host.county_id))]
    places += [
        (slug, str(county))
        for slug, county in announcement.participants.values_list("slug", "county_id")
    ]
    slugs = {slug for slug, _county in places}
    counties = {county for _slug, county in places}
    searches = [
        (pk, AnnouncementQuery.from_params(params))
        for pk, params in SavedSearch.objects.order_by("pk").values_list("pk", "params")
    ]
    texts = sorted({query.q for _pk, query in searches if query.q})
    found_texts: set[str] = set()
    if texts:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT q FROM unnest(%s::text[]) AS q WHERE (SELECT search_vector FROM "
                "announcements_announcement WHERE id = %s) @@ websearch_to_tsquery('norwegian', q)",
                [texts, announcement.pk],
            )
            found_texts = {row[0] for row in cursor.fetchall()}

    def fits(query: AnnouncementQuery) -> bool:
        if query.status and announcement.status != query.status:
            return False
        if not query.status and announcement.status == AnnouncementStatus.ENDED:
            return False
        return (
            (not query.service_type or announcement.service_type.code == query.service_type)
            and (not query.county or query.county in counties)
            and (not query.municipality or query.municipality in slugs)
            and (not query.joint or announcement.is_joint)
            and (not query.q or query.q in found_texts)
        )

    return [pk for pk, query in searches if fits(query)]


def matches(saved: SavedSearch, announcement: Announcement) -> bool:
    """Does a newly published announcement fall within this saved search?"""
    query = AnnouncementQuery.from_params(saved.params)
    return search_announcements(query).filter(pk=announcement.pk).exists()

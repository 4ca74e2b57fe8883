"""Reads for apply-once: a supplier's parts and their status, saved searches that match."""

from __future__ import annotations

from django.db.models import QuerySet

from fritt.accounts.models import User
from public_site.announcements.models import Announcement, AnnouncementStatus
from public_site.announcements.selectors import AnnouncementQuery, search_announcements
from public_site.suppliers.models import Supplier

from .models import ApplicationPart, SavedSearch


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


def saved_searches(user: User) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(user=user)


def matches(saved: SavedSearch, announcement: Announcement) -> bool:
    """Does a newly published announcement fall within this saved search?"""
    query = AnnouncementQuery.from_params(saved.params)
    return search_announcements(query).filter(pk=announcement.pk).exists()

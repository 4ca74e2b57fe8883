"""Searching announcements: one filter used by the national pages, the Atom feed and the API."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F, Q, QuerySet

from tenants.municipalities.models import Municipality

from .models import Announcement, AnnouncementStatus, JointMembership

SORTS = {
    "nyeste": ["-published_at", "-pk"],
    "endret": ["-last_changed_at", "-pk"],
    "kommune": ["host__name_norwegian", "title"],
}


@dataclass(frozen=True)
class AnnouncementQuery:
    q: str = ""
    service_type: str = ""  # catalogue code
    county: str = ""  # fylkesnummer
    municipality: str = ""  # slug; matches the host and every participant
    status: str = ""  # open | closed | ended | "" (open and closed)
    joint: bool = False
    sort: str = ""

    @classmethod
    def from_params(cls, params) -> AnnouncementQuery:
        status = params.get("status", "")
        sort = params.get("sorter", "")
        return cls(
            q=(params.get("q") or "").strip()[:200],
            service_type=params.get("tjeneste", "") or "",
            county=params.get("fylke", "") or "",
            municipality=params.get("kommune", "") or "",
            status=status if status in AnnouncementStatus.values else "",
            joint=params.get("interkommunal") in {"1", "true", "on", "ja"},
            sort=sort if sort in SORTS else "",
        )


def search_announcements(query: AnnouncementQuery) -> QuerySet[Announcement]:
    qs = Announcement.objects.select_related("host", "host__county", "service_type")
    if query.status:
        qs = qs.filter(status=query.status)
    else:
        qs = qs.exclude(status=AnnouncementStatus.ENDED)
    if query.service_type:
        qs = qs.filter(service_type__code=query.service_type)
    if query.county:
        qs = qs.filter(
            Q(host__county_id=query.county) | Q(participants__county_id=query.county)
        ).distinct()
    if query.municipality:
        qs = qs.filter(
            Q(host__slug=query.municipality) | Q(participants__slug=query.municipality)
        ).distinct()
    if query.joint:
        qs = qs.filter(is_joint=True)
    if query.q:
        terms = SearchQuery(query.q, config="norwegian", search_type="websearch")
        qs = qs.filter(search_vector=terms)
        if not query.sort:
            return qs.annotate(rank=SearchRank(F("search_vector"), terms)).order_by(
                "-rank", "-published_at"
            )
    return qs.order_by(*SORTS[query.sort or "nyeste"])


def announcements_in(municipality: Municipality) -> QuerySet[Announcement]:
    """Schemes a municipality runs, as host or as participant in a joint scheme."""
    return (
        Announcement.objects.filter(Q(host=municipality) | Q(participants=municipality))
        .exclude(status=AnnouncementStatus.ENDED)
        .select_related("host", "service_type")
        .prefetch_related("approved_suppliers")
        .distinct()
        .order_by("service_type__sort_order", "title")
    )


def joint_announcements_for(municipality: Municipality) -> QuerySet[Announcement]:
    """Joint schemes another municipality hosts with this one as a participant."""
    return (
        Announcement.objects.filter(participants=municipality)
        .exclude(status=AnnouncementStatus.ENDED)
        .select_related("host", "service_type")
        .order_by("title")
    )


def memberships_of(municipality: Municipality) -> QuerySet[JointMembership]:
    """The joint schemes another municipality has invited this one into, newest first."""
    return JointMembership.objects.filter(participant=municipality).select_related(
        "host", "service_type"
    )

"""Searching announcements: one filter used by the national pages, the Atom feed and the API."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from fritt.web.input import BadInput
from public_site.catalogue.models import ServiceType
from public_site.suppliers.models import Supplier
from tenants.municipalities.models import County, Municipality

from .models import Announcement, AnnouncementStatus, JointMembership

MAX_QUERY_LENGTH = 200
TRUE = {"1", "true", "on", "ja"}
FALSE = {"", "0", "false", "off", "nei"}


def refuse_filter(name: str, value: str) -> BadInput:
    # The value is not echoed: it may be hostile (very long, markup) and says nothing new.
    return BadInput(
        _("Ugyldig verdi for filteret «%(name)s». Se API-dokumentasjonen for gyldige verdier.")
        % {"name": name},
        code="invalid_filter",
    )


def _known(params, name: str, exists) -> str:
    value = (params.get(name) or "").strip()
    if value and (len(value) > 100 or not exists(value)):
        raise refuse_filter(name, value)
    return value


def service_type_exists(code: str) -> bool:
    return ServiceType.objects.filter(code=code).exists()


def county_exists(number: str) -> bool:
    return number.isascii() and number.isdigit() and County.objects.filter(pk=number).exists()


def municipality_exists(slug: str) -> bool:
    return Municipality.registry.filter(slug=slug).exists()


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
        """Lenient, for stored filters (saved searches): what no longer fits is dropped."""
        status = params.get("status", "")
        sort = params.get("sorter", "")
        return cls(
            q=(params.get("q") or "").strip()[:MAX_QUERY_LENGTH],
            service_type=params.get("tjeneste", "") or "",
            county=params.get("fylke", "") or "",
            municipality=params.get("kommune", "") or "",
            status=status if status in AnnouncementStatus.values else "",
            joint=params.get("interkommunal") in TRUE,
            sort=sort if sort in SORTS else "",
        )

    @classmethod
    def checked(cls, params) -> AnnouncementQuery:
        """The filters of a request's query string; a value that names nothing is a 400
        (`BadInput`), so a typo is not silently answered with every announcement."""
        q = (params.get("q") or "").strip()
        if len(q) > MAX_QUERY_LENGTH:
            raise BadInput(
                _("Søketeksten kan være høyst %(max)d tegn.") % {"max": MAX_QUERY_LENGTH},
                code="query_too_long",
            )
        status = params.get("status") or ""
        if status not in AnnouncementStatus.values and status != "":
            raise refuse_filter("status", status)
        sort = params.get("sorter") or ""
        if sort not in SORTS and sort != "":
            raise refuse_filter("sorter", sort)
        joint = (params.get("interkommunal") or "").strip().lower()
        if joint not in TRUE | FALSE:
            raise refuse_filter("interkommunal", joint)
        return cls(
            q=q,
            service_type=_known(params, "tjeneste", service_type_exists),
            county=_known(params, "fylke", county_exists),
            municipality=_known(params, "kommune", municipality_exists),
            status=status,
            joint=joint in TRUE,
            sort=sort,
        )

    def as_params(self) -> dict[str, str]:
        """The query string that names this filter, in a fixed order (feed ids, links)."""
        params = {
            "q": self.q,
            "tjeneste": self.service_type,
            "fylke": self.county,
            "kommune": self.municipality,
            "status": self.status,
            "interkommunal": "1" if self.joint else "",
            "sorter": self.sort,
        }
        return {k: v for k, v in params.items() if v}


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


def supplier_register(*, service_type: str = "", municipality: str = "") -> QuerySet[Supplier]:
    """Suppliers with at least one active approval in an announced, not ended scheme, each
    with those announcements: read from the national projection, never a municipality's schema.
    `municipality` (a slug) matches the host and every participant of a joint scheme."""
    live = Announcement.objects.exclude(status=AnnouncementStatus.ENDED)
    if service_type:
        live = live.filter(service_type__code=service_type)
    if municipality:
        live = live.filter(Q(host__slug=municipality) | Q(participants__slug=municipality))
    shown = (
        Announcement.objects.filter(pk__in=live.values("pk"))
        .select_related("host", "service_type")
        .prefetch_related("participants")
        .order_by("host__kommunenummer", "title", "pk")
    )
    return (
        Supplier.objects.filter(announcements__in=live.values("pk"))
        .distinct()
        .order_by("name", "orgnr")
        .prefetch_related(Prefetch("announcements", queryset=shown, to_attr="approved_in"))
    )

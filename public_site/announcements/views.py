"""National announcement pages and the Atom feed; thin over `selectors.search_announcements`."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from fritt.accounts.access import user_has_any_role
from fritt.accounts.roles import SUPPLIER_ROLES
from fritt.accounts.selectors import supplier_assignments
from fritt.web.context import municipality_url
from fritt.web.input import BadInput
from public_site.catalogue.models import ServiceType
from tenants.municipalities.models import County, Municipality

from .models import Announcement, AnnouncementStatus
from .selectors import AnnouncementQuery, announcements_in, search_announcements


def announcement_list(request):
    """The search page; a filter value that names nothing is answered 400 with the form and a
    message saying which filter, not with every announcement as if there were no filter."""
    error, status = None, 200
    try:
        query = AnnouncementQuery.checked(request.GET)
        found = search_announcements(query)
    except BadInput as exc:
        error, status = exc.message, 400
        query, found = AnnouncementQuery(), Announcement.objects.none()
    page = Paginator(found, 20).get_page(request.GET.get("side"))
    return render(
        request,
        "announcements/list.html",
        {
            "page": page,
            "query": query,
            "error": error,
            "feed_url": _with_query(reverse("announcements:feed"), query),
            "service_types": ServiceType.objects.all(),
            "counties": County.objects.all(),
            "municipalities": Municipality.objects.order_by("name_norwegian"),
            "statuses": AnnouncementStatus.choices,
            "can_save_search": user_has_any_role(request, SUPPLIER_ROLES),
        },
        status=status,
    )


def announcement_detail(request, pk: int):
    announcement = get_object_or_404(
        Announcement.objects.select_related("host", "service_type").prefetch_related(
            "participants", "approved_suppliers"
        ),
        pk=pk,
    )
    return render(
        request,
        "announcements/detail.html",
        {
            "a": announcement,
            "d": announcement.details,
            "host_url": municipality_url(announcement.host.slug, request=request),
            "my_suppliers": [a.supplier for a in supplier_assignments(request.user)]
            if request.user.is_authenticated
            else [],
        },
    )


def municipality_page(request, slug: str):
    municipality = get_object_or_404(Municipality.registry.select_related("county"), slug=slug)
    live = municipality.is_provisioned
    return render(
        request,
        "announcements/municipality.html",
        {
            "m": municipality,
            "announcements": announcements_in(municipality) if live else [],
            "site_url": municipality_url(slug, request=request) if live else None,
        },
    )


def _with_query(path: str, query: AnnouncementQuery) -> str:
    params = query.as_params()
    return f"{path}?{urlencode(params)}" if params else path


def tag_uri(specific: str) -> str:
    """An RFC 4151 tag: the same id whichever host (or port, or scheme) the feed was read on."""
    return f"tag:{settings.OPEN_DATA_TAG_AUTHORITY}:{specific}"


class AnnouncementFeed(Feed):
    """Atom feed of announcements; the query string takes the same filters as the search page.
    Each filter is a feed of its own (its own `id` and `self`), entry ids are tag URIs, and the
    licence is the feed's `rights`."""

    feed_type = Atom1Feed
    title = "Fritt brukervalg – kunngjøringer"
    subtitle = "Nye og endrede godkjenningsordninger i norske kommuner"
    author_name = "Fritt brukervalg"
    item_guid_is_permalink = False

    def get_object(self, request):
        return AnnouncementQuery.checked(request.GET)

    def link(self, query):
        return _with_query(reverse("announcements:list"), query)

    def feed_url(self, query):
        return _with_query(reverse("announcements:feed"), query)

    def feed_guid(self, query):
        return tag_uri(_with_query("kunngjoringer/feed", query))

    def feed_copyright(self):
        return f"{settings.OPEN_DATA_LICENCE['name']}: {settings.OPEN_DATA_LICENCE['url']}"

    def item_guid(self, item: Announcement):
        return tag_uri(f"kunngjoring/{item.pk}")

    def items(self, query):
        return search_announcements(query)[:50]

    def item_title(self, item: Announcement):
        return f"{item.title} – {item.host.display_name}"

    def item_description(self, item: Announcement):
        change = f" {item.last_change_summary}." if item.last_change_summary else ""
        return f"{item.summary}{change}"

    def item_link(self, item: Announcement):
        return reverse("announcements:detail", args=[item.pk])

    def item_pubdate(self, item: Announcement):
        return item.published_at

    def item_updateddate(self, item: Announcement):
        return item.last_changed_at

    def item_categories(self, item: Announcement):
        return [item.service_type.name, item.host.county.name]

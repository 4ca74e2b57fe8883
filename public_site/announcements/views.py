"""National announcement pages and the Atom feed; thin over `selectors.search_announcements`."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from fritt.accounts.access import user_has_any_role
from fritt.accounts.roles import SUPPLIER_ROLES
from fritt.accounts.selectors import supplier_assignments
from fritt.web.context import municipality_url
from public_site.catalogue.models import ServiceType
from tenants.municipalities.models import County, Municipality

from .models import Announcement, AnnouncementStatus
from .selectors import AnnouncementQuery, announcements_in, search_announcements


def announcement_list(request):
    query = AnnouncementQuery.from_params(request.GET)
    page = Paginator(search_announcements(query), 20).get_page(request.GET.get("side"))
    params = request.GET.copy()
    params.pop("side", None)
    return render(
        request,
        "announcements/list.html",
        {
            "page": page,
            "query": query,
            "querystring": params.urlencode(),
            "service_types": ServiceType.objects.all(),
            "counties": County.objects.all(),
            "municipalities": Municipality.objects.order_by("name_norwegian"),
            "statuses": AnnouncementStatus.choices,
            "can_save_search": user_has_any_role(request, SUPPLIER_ROLES),
        },
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


class AnnouncementFeed(Feed):
    """Atom feed of announcements; the query string takes the same filters as the search page."""

    feed_type = Atom1Feed
    title = "Fritt brukervalg – kunngjøringer"
    subtitle = "Nye og endrede godkjenningsordninger i norske kommuner"

    def get_object(self, request):
        return AnnouncementQuery.from_params(request.GET)

    def link(self, query):
        return reverse("announcements:list")

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

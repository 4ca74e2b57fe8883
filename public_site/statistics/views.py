"""The statistics pages: the analyst's dashboard, the public figures and their downloads.
Thin: filters from the query string, tables from `tables.Dashboard`, drawing from `drawing`."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from fritt.accounts.access import role_required
from fritt.accounts.roles import Role
from public_site.catalogue.models import ServiceType
from tenants.municipalities.models import County

from . import drawing, exports
from .selectors import BANDS, filters_from
from .tables import Dashboard, public_municipality_table

BAND_LABELS = {
    "b1": "under 5 000",
    "b2": "5 000–19 999",
    "b3": "20 000–49 999",
    "b4": "50 000+",
}


def _params(request) -> dict[str, str]:
    keys = ("omrade", "tjeneste", "fra", "til", "kart", "sorter")
    return {k: request.GET[k] for k in keys if request.GET.get(k)}


def _page(request, *, public: bool):
    filters = filters_from(request.GET)
    dashboard = Dashboard.read(filters)
    indicators = drawing.PUBLIC_MAP_INDICATORS if public else tuple(drawing.MAP_INDICATORS)
    indicator = request.GET.get("kart") if request.GET.get("kart") in indicators else "fritt"
    order = "navn" if request.GET.get("sorter") == "navn" else "population"
    tables = dashboard.tables(public_only=public, order=order)
    if public:
        tables.append(public_municipality_table(dashboard.per_municipality()))
    by_key = {t.key: t for t in tables}
    base = reverse("statistics:public" if public else "statistics:dashboard")
    params = _params(request)
    charts = [
        drawing.bar_chart(
            "chart-schemes", _("Kommuner med fritt brukervalg per måned"),
            [(row[0].value, row[1].value) for row in by_key["series"].rows],
        )
        if "series" in by_key
        else None,
        drawing.bar_chart(
            "chart-distribution", str(by_key["distribution"].title),
            [(row[0].value, row[1].value) for row in by_key["distribution"].rows],
        ),
    ]  # fmt: skip
    if "hours_series" in by_key:
        # One chart per kind of provider, so the bars need no colour to tell them apart.
        rows = by_key["hours_series"].rows
        charts += [
            drawing.bar_chart(
                f"chart-hours-{kind}", title, [(row[0].value, row[i].value) for row in rows]
            )
            for i, kind, title in (
                (1, "municipal", _("Leverte timer per måned, kommunal egenregi")),
                (2, "private", _("Leverte timer per måned, privat leverandør")),
            )
        ]
    area = filters.area
    area_name = ""
    if area.startswith("k"):
        area_name = next((m.display_name for m in dashboard.municipalities), "")
    elif area.startswith("f"):
        area_name = County.objects.filter(number=area[1:]).values_list("name", flat=True).first()
    elif area in BANDS:
        area_name = BAND_LABELS[area]
    return render(
        request,
        "statistics/public.html" if public else "statistics/dashboard.html",
        {
            "filters": filters,
            "tables": tables,
            "by_key": by_key,
            "charts": [c for c in charts if c is not None],
            "areas": drawing.map_areas(
                dashboard.map_rows(), indicator=indicator, params=params, base=base
            ),
            "map": drawing.map_data(),
            "map_credit": drawing.CREDIT,
            "indicator": indicator,
            "indicators": [(k, drawing.MAP_INDICATORS[k]) for k in indicators],
            "legend": drawing.legend(indicator),
            "counties": County.objects.order_by("number"),
            "bands": BAND_LABELS,
            "services": ServiceType.objects.all(),
            "area_name": area_name,
            "query": "&".join(f"{k}={v}" for k, v in params.items() if k != "kart"),
            "licence_url": exports.LICENCE_URL,
            "licence": exports.LICENCE,
            "export_url": reverse("statistics:public_export" if public else "statistics:export"),
        },
    )


@role_required(Role.MINISTRY_ANALYST, Role.PLATFORM_OPERATOR)
def dashboard(request):
    return _page(request, public=False)


def public(request):
    return _page(request, public=True)


def _export(request, *, public: bool):
    dashboard = Dashboard.read(filters_from(request.GET))
    tables = dashboard.tables(public_only=public)
    if public:
        tables.append(public_municipality_table(dashboard.per_municipality()))
    table = next((t for t in tables if t.key == request.GET.get("tabell", "uptake")), None)
    if table is None:
        raise Http404
    if request.GET.get("format") == "xlsx":
        return exports.as_xlsx(table)
    return exports.as_csv(table)


@role_required(Role.MINISTRY_ANALYST, Role.PLATFORM_OPERATOR)
def export(request):
    return _export(request, public=False)


def public_export(request):
    return _export(request, public=True)

"""National site pages; thin: they call selectors and services and render."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fritt.accounts.access import role_required
from fritt.accounts.forms import FirstAdminForm
from fritt.accounts.roles import Role
from fritt.celery_app import send_after_commit
from fritt.files.storage import national_storage
from fritt.observability.health import platform_health
from fritt.web.context import municipality_url
from fritt.web.errors import attempt
from public_site.announcements.selectors import (
    MAX_QUERY_LENGTH,
    AnnouncementQuery,
    refuse_filter,
    search_announcements,
)
from public_site.billing.selectors import billing_overview, pending_join_requests
from public_site.catalogue.models import ServiceType
from public_site.suppliers import services as supplier_services
from public_site.suppliers.models import Supplier
from public_site.suppliers.selectors import pending_claims_with_admins
from tenants.municipalities.models import County, Lifecycle, Municipality
from tenants.municipalities.selectors import (
    provisioned,
    provisioning_progress,
    registry_list,
)
from tenants.municipalities.tasks import provision_task

from .open_data import DOWNLOAD_NAME, latest_dump


def home(request):
    live = [
        (m, municipality_url(m.slug, request=request))
        for m in provisioned().filter(lifecycle__in=[Lifecycle.PROVISIONED, Lifecycle.ACTIVE])
    ]
    return render(
        request,
        "national/home.html",
        {
            "live": live,
            "service_types": ServiceType.objects.all(),
            "latest": search_announcements(AnnouncementQuery(status="open"))[:5],
        },
    )


def _registry_filters(params) -> tuple[str | None, str | None, str | None]:
    """The registry's filters; a value that names nothing is a 400, as in the search."""
    county = (params.get("fylke") or "").strip() or None
    if county and not County.objects.filter(number=county[:10]).exists():
        raise refuse_filter("fylke", county)
    status = params.get("status") or None
    if status and status not in Lifecycle.values:
        raise refuse_filter("status", status)
    query = (params.get("q") or "").strip() or None
    if query and len(query) > MAX_QUERY_LENGTH:
        raise refuse_filter("q", query)
    return county, status, query


def municipalities(request):
    county, status, query = _registry_filters(request.GET)
    qs = registry_list(county=county, lifecycle=status, query=query)
    page = Paginator(qs, 50).get_page(request.GET.get("side"))
    rows = [
        (
            m,
            municipality_url(m.slug, request=request)
            if m.lifecycle in {Lifecycle.PROVISIONED, Lifecycle.ACTIVE}
            else None,
        )
        for m in page.object_list
    ]
    return render(
        request,
        "national/municipalities.html",
        {
            "page": page,
            "rows": rows,
            "counties": County.objects.all(),
            "statuses": Lifecycle.choices,
            "selected": {"fylke": county or "", "status": status or "", "q": query or ""},
        },
    )


def open_data(request):
    return render(
        request,
        "national/open_data.html",
        {"has_dump": latest_dump() is not None},
    )


def open_data_dump(request):
    """Always the newest nightly dump, under one name that never changes."""
    name = latest_dump()
    if name is None:
        raise Http404
    return FileResponse(
        national_storage().open(name, "rb"),
        as_attachment=True,
        filename=DOWNLOAD_NAME,
        content_type="application/zip",
    )


def services(request):
    return render(request, "national/services.html", {"service_types": ServiceType.objects.all()})


def _health_rows() -> list[tuple[str, bool, str]]:
    """(what, in order?, detail) for the operator: the checks /healthz makes, in words."""
    health = platform_health()
    labels = {
        "database": _("Database"),
        "broker": _("Meldingskø"),
        "storage": _("Fillagring"),
    }
    rows = [
        (labels[name], result == "ok", "" if result == "ok" else result)
        for name, result in health["checks"].items()
    ]
    worker = health["worker"]
    if worker["seconds_ago"] is None:
        detail = _("Ingen livstegn fra bakgrunnsprosessen ennå.")
    else:
        detail = _("Siste livstegn for %(n)d sekunder siden.") % {"n": worker["seconds_ago"]}
    rows.append((_("Bakgrunnsprosess"), worker["alive"], detail))
    return rows


@role_required(Role.PLATFORM_OPERATOR)
def operator_dashboard(request):
    status = request.GET.get("status") or None
    county = request.GET.get("fylke") or None
    # A municipality's name is public: searching by it in the URL is fine.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:100] or None
    qs = registry_list(county=county, lifecycle=status, query=query)
    page = Paginator(qs, 50).get_page(request.GET.get("side"))
    return render(
        request,
        "national/operator.html",
        {
            "page": page,
            "counties": County.objects.all(),
            "statuses": Lifecycle.choices,
            "selected": {"fylke": county or "", "status": status or "", "q": query or ""},
            "health": _health_rows(),
            "counts": {
                label: Municipality.registry.filter(lifecycle=value).count()
                for value, label in Lifecycle.choices
            },
            "claims": pending_claims_with_admins(),
            "joins": pending_join_requests()[:100],
            "billing": billing_overview(),
        },
    )


@require_POST
@role_required(Role.PLATFORM_OPERATOR)
def operator_claim(request, pk: int, action: str):
    supplier = get_object_or_404(Supplier, pk=pk)
    actions = {"bekreft": supplier_services.confirm_claim, "avvis": supplier_services.reject_claim}
    if action not in actions:
        raise Http404
    name = supplier.name
    attempt(
        request,
        lambda: actions[action](supplier=supplier, by=request.user),
        (_("%(name)s kan nå søke.") if action == "bekreft" else _("%(name)s er slettet."))
        % {"name": name},
    )
    return redirect("national:operator")


@role_required(Role.PLATFORM_OPERATOR)
def operator_provision(request, kommunenummer: str):
    """Confirm what provisioning does and name the first administrator; then follow the
    worker's progress on the same page."""
    municipality = get_object_or_404(Municipality.registry, kommunenummer=kommunenummer)
    form = FirstAdminForm(request.POST or None)
    if request.method == "POST" and not municipality.is_provisioned and form.is_valid():
        send_after_commit(
            provision_task,
            municipality.kommunenummer,
            form.cleaned_data["email"],
            form.cleaned_data["full_name"],
            request.user.pk,
        )
        messages.success(
            request,
            _("Klargjøring av %(name)s er startet. Oppdater siden for å se framdriften.")
            % {"name": municipality.display_name},
        )
        return redirect("national:operator_provision", kommunenummer=kommunenummer)
    return render(
        request,
        "national/provision.html",
        {"municipality": municipality, "form": form,
         "progress": provisioning_progress(municipality)},
        status=400 if request.method == "POST" and form.errors else 200,
    )  # fmt: skip

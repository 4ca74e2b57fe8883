"""A municipality's own billing on its site, for its administrator: invoices (EHF and PDF
copy), the subscription, and leaving (end, export download)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fritt.accounts.access import role_required
from fritt.accounts.roles import Role
from fritt.errors import DomainError, NotAllowed
from fritt.web.errors import flash

from . import leaving, subscriptions
from .pdf import render_invoice_pdf
from .selectors import invoices_of, open_departure_of, subscription_of


@role_required(Role.MUNICIPAL_ADMIN)
def invoices(request):
    return render(
        request,
        "billing/invoices.html",
        {"invoices": invoices_of(request.tenant), "sending_on": bool(settings.EHF_SENDER)},
    )


def _own(request, pk: int):
    # Another municipality's invoice is simply not found here.
    return get_object_or_404(invoices_of(request.tenant), pk=pk)


@role_required(Role.MUNICIPAL_ADMIN)
def invoice_ehf(request, pk: int):
    invoice = _own(request, pk)
    response = HttpResponse(invoice.ehf_xml.encode("utf-8"), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{invoice.number}.xml"'
    return response


@role_required(Role.MUNICIPAL_ADMIN)
def invoice_pdf(request, pk: int):
    invoice = _own(request, pk)
    response = HttpResponse(render_invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{invoice.number}.pdf"'
    return response


@role_required(Role.MUNICIPAL_ADMIN)
def subscription(request):
    """The subscription: plan, band, interval, trial; switch annual↔monthly; leaving."""
    municipality = request.tenant
    current = subscription_of(municipality)
    if request.method == "POST" and current is not None and not municipality.is_read_only:
        interval = request.POST.get("interval")
        if interval in ("year", "month") and interval != current.interval:
            subscriptions.change_plan(subscription=current, interval=interval)
            messages.success(
                request,
                _("Abonnementet er endret til %(interval)s. Endringen er beregnet forholdsmessig.")
                % {"interval": current.interval_label},
            )
        return redirect("billing_tenant:subscription")
    return render(
        request,
        "billing/subscription.html",
        {
            "subscription": current,
            "billing_on": subscriptions.billing_enabled(),
            "departure": open_departure_of(municipality),
            "retention_days": settings.FRITT_RETENTION_DAYS,
        },
    )


@role_required(Role.MUNICIPAL_ADMIN)
def end(request):
    """Consequences first: the page says what happens and when; nothing changes until the
    admin confirms with the municipality's name."""
    municipality = request.tenant
    today = timezone.localdate()
    error = None
    if request.method == "POST":
        if request.POST.get("confirm_name", "").strip().casefold() != (
            municipality.name_norwegian.casefold()
        ):
            error = _("Skriv kommunens navn nøyaktig for å bekrefte.")
        else:
            try:
                leaving.end_subscription(municipality=municipality, by=request.user)
            except (DomainError, NotAllowed) as exc:
                flash(request, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Abonnementet er avsluttet. Eksporten lages nå; last den ned før "
                        "%(date)s, da slettes dataene."
                    )
                    % {"date": date_format(leaving.removal_date(today), "j. F Y")},
                )
            return redirect("billing_tenant:subscription")
    return render(
        request,
        "billing/end.html",
        {
            "ends_on": today,
            "remove_after": leaving.removal_date(today),
            "retention_days": settings.FRITT_RETENTION_DAYS,
            "error": error,
            "already": municipality.is_ended,
        },
    )


@role_required(Role.MUNICIPAL_ADMIN)
def export(request):
    departure = open_departure_of(request.tenant)
    if departure is None or departure.exported_at is None:
        raise Http404
    handle = leaving.open_export(departure)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"fritt-brukervalg-{request.tenant.kommunenummer}-eksport.zip",
        content_type="application/zip",
    )
    return response

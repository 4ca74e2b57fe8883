"""A municipality's own invoices on its site: list, EHF and PDF copy, for its administrator."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from fritt.accounts.access import role_required
from fritt.accounts.roles import Role

from .pdf import render_invoice_pdf
from .selectors import invoices_of


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

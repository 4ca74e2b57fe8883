"""The case worker's pages: the register with search (never in a URL), details, decisions,
contacts, Min side access, choices on the recipient's behalf, the CSV export, quality cases."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fritt.identity.sessions import recent_login_required
from fritt.web.input import id_param, safe_next
from tenants.applications.models import Approval

from .. import crypto, searches, selectors, services
from ..forms import (
    CaseForm,
    CaseUpdateForm,
    ContactForm,
    DecisionForm,
    OnlineAccessForm,
    RecipientEditForm,
    RecipientForm,
)
from ..models import AccessAction, QualityCase, Recipient, ServiceDecision
from .common import (
    case_worker,
    choose_page,
    client_ip,
    decision_rows,
    provider_from_key,
    show_errors,
    show_form_errors,
)


def _recalled_search(request) -> tuple[str, HttpResponse | None]:
    """The search behind `?sok=<token>` ("" for none), or the answer to give instead: a 400
    when a search text is in the URL (a fødselsnummer there would reach logs), or back to the
    list when the token is unknown or expired."""
    if "q" in request.GET:
        refusal = render(
            request,
            "recipients/list.html",
            {"page": None, "error": _("Søk sendes med skjemaet, ikke i adressen. Søk på nytt.")},
            status=400,
        )
        return "", refusal
    token = request.GET.get("sok", "")
    q = searches.recall(request.session, token) if token else ""
    if q is None:
        messages.info(request, _("Søket er utløpt. Søk på nytt."))
        return "", redirect("recipients:list")
    return q, None


@case_worker
def recipient_list(request):
    if request.method == "POST" and "q" not in request.GET:
        q = request.POST.get("q", "").strip()
        if not q:
            return redirect("recipients:list")
        return redirect(f"{reverse('recipients:list')}?sok={searches.remember(request.session, q)}")
    q, refusal = _recalled_search(request)
    if refusal is not None:
        return refusal
    page = Paginator(selectors.search_recipients(q), 50).get_page(request.GET.get("side"))
    services.log_access(
        user=request.user, recipients=list(page.object_list), action=AccessAction.LIST,
        what="liste over tjenestemottakere", ip=client_ip(request),
    )  # fmt: skip
    return render(
        request,
        "recipients/list.html",
        {"page": page, "q": q, "sok": request.GET.get("sok", "")},
    )


@case_worker
def recipient_create(request):
    form = RecipientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recipient = services.register_recipient(
                by=request.user, ip=client_ip(request), **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error("fnr" if getattr(exc, "code", "") in {"fnr", "duplicate"} else None, exc)
        else:
            messages.success(request, _("Tjenestemottakeren er registrert."))
            return redirect("recipients:detail", pk=recipient.pk)
    return render(request, "recipients/create.html", {"form": form})


@case_worker
def recipient_detail(request, pk: int):
    recipient = get_object_or_404(Recipient.objects.select_related("zone"), pk=pk)
    services.log_access(
        user=request.user, recipients=[recipient], action=AccessAction.VIEW,
        what="detaljside", ip=client_ip(request),
    )  # fmt: skip
    return render(
        request,
        "recipients/detail.html",
        {
            "recipient": recipient,
            "fnr_masked": crypto.masked(crypto.decrypt(recipient.fnr_encrypted)),
            "rows": decision_rows(recipient),
            "contact_form": ContactForm(),
            "decision_form": DecisionForm(initial={"valid_from": timezone.localdate()}),
            "case_form": CaseForm(providers=_case_providers()),
            "edit_form": RecipientEditForm(
                initial={f: getattr(recipient, f) for f in services.RECIPIENT_FIELDS}
            ),
            "access_form": OnlineAccessForm(),
            "logins": recipient.logins.select_related("user"),
        },
    )


@require_POST
@case_worker
@recent_login_required
def edit_recipient(request, pk: int):
    recipient = get_object_or_404(Recipient, pk=pk)
    form = RecipientEditForm(request.POST)
    if form.is_valid():
        services.update_recipient(
            by=request.user, recipient=recipient, ip=client_ip(request), **form.cleaned_data
        )
        messages.success(request, _("Opplysningene er lagret."))
    else:
        show_form_errors(request, form)
    return redirect("recipients:detail", pk=pk)


@require_POST
@case_worker
def online_access(request, pk: int):
    recipient = get_object_or_404(Recipient, pk=pk)
    form = OnlineAccessForm(request.POST)
    if form.is_valid():
        try:
            services.invite_online_access(by=request.user, recipient=recipient, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            show_errors(request, exc)
        else:
            messages.success(
                request, _("Tilgangen er gitt. En e-post med lenke til å velge passord er sendt.")
            )
    else:
        show_form_errors(request, form)
    return redirect("recipients:detail", pk=pk)


@case_worker
@recent_login_required
def recipient_export(request):
    """The list as CSV (semicolon, UTF-8 with BOM for spreadsheets), without identity numbers."""
    from fritt.web.csv_export import safe_writer

    q, refusal = _recalled_search(request)
    if refusal is not None:
        return refusal
    recipients = list(selectors.search_recipients(q))
    services.log_access(
        user=request.user, recipients=recipients, action=AccessAction.EXPORT,
        what="eksport (CSV)", ip=client_ip(request),
    )  # fmt: skip
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tjenestemottakere.csv"'
    response.write("\ufeff")
    writer = safe_writer(response, delimiter=";")
    writer.writerow(
        [_("Nr."), _("Navn"), _("Adresse"), _("Postnummer"), _("Poststed"), _("Sone"),
         _("Telefon"), _("Vedtak"), _("Leverandør nå:")]
    )  # fmt: skip
    for r in recipients:
        decisions = list(r.decisions.select_related("service_type"))
        current = [selectors.current_assignment(d) for d in decisions]
        extents = "; ".join(f"{d.service_type.name} {d.extent} {d.extent_unit}" for d in decisions)
        writer.writerow(
            [r.pk, r.full_name, r.address, r.postcode, r.postplace, r.zone.name if r.zone else "",
             r.phone, extents, "; ".join(c.provider_name for c in current if c)]
        )  # fmt: skip
    return response


@require_POST
@case_worker
@recent_login_required
def add_decision(request, pk: int):
    recipient = get_object_or_404(Recipient, pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.create_decision(
                by=request.user, recipient=recipient, ip=client_ip(request), **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as exc:
            show_errors(request, exc)
        else:
            messages.success(
                request, _("Vedtaket er registrert. Brukeren har 14 dager på å velge.")
            )
    else:
        show_form_errors(request, form)
    return redirect("recipients:detail", pk=pk)


@require_POST
@case_worker
@recent_login_required
def add_contact(request, pk: int):
    recipient = get_object_or_404(Recipient, pk=pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.add_contact(
                by=request.user, recipient=recipient, ip=client_ip(request), **form.cleaned_data
            )
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("Kontakten er lagt til."))
    else:
        show_form_errors(request, form)
    return redirect("recipients:detail", pk=pk)


@case_worker
def choose_on_behalf(request, pk: int, decision_pk: int):
    decision = get_object_or_404(
        ServiceDecision.objects.select_related("recipient", "service_type"),
        pk=decision_pk,
        recipient_id=pk,
    )
    if request.method == "GET":
        services.log_access(
            user=request.user, recipients=[decision.recipient], action=AccessAction.VIEW,
            what="valg av leverandør", ip=client_ip(request),
        )  # fmt: skip
    return choose_page(
        request, decision, ask_how=True, template="recipients/choose.html",
        done=lambda: redirect("recipients:detail", pk=pk),
    )  # fmt: skip


def _case_providers():
    approvals = Approval.objects.select_related("supplier", "scheme").order_by("supplier__name")
    return [("kommunal", _("Kommunal egenregi"))] + [
        (str(a.pk), f"{a.supplier.name} ({a.scheme.title})") for a in approvals
    ]


@case_worker
def case_list(request):
    supplier = request.GET.get("leverandor", "")
    supplier_id = id_param(request.GET, "leverandor")
    form = CaseForm(request.POST or None, providers=_case_providers())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        recipient_id = id_param(request.POST, "recipient")
        recipient = Recipient.objects.filter(pk=recipient_id).first() if recipient_id else None
        try:
            services.register_case(
                by=request.user, kind=data["kind"], description=data["description"],
                received_on=data["received_on"], approval=provider_from_key(data["provider"]),
                recipient=recipient,
            )  # fmt: skip
        except (ValidationError, PermissionDenied) as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("Saken er registrert."))
        return redirect(safe_next(request, default="recipients:cases"))
    suppliers = sorted(
        {(a.supplier_id, a.supplier.name) for a in Approval.objects.select_related("supplier")},
        key=lambda s: s[1],
    )
    return render(
        request,
        "recipients/cases.html",
        {"cases": selectors.cases(supplier_id=supplier_id),
         "suppliers": suppliers, "supplier": supplier, "form": form},
    )  # fmt: skip


@case_worker
def case_detail(request, pk: int):
    case = get_object_or_404(QualityCase, pk=pk)
    form = CaseUpdateForm(
        request.POST or None, initial={"status": case.status, "outcome": case.outcome}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_case(by=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Lagret."))
            return redirect("recipients:cases")
    return render(request, "recipients/case.html", {"case": case, "form": form})

"""The case worker's pages: the register with search (never in a URL), details, decisions,
contacts, Min side access, choices on the recipient's behalf, the CSV export, quality cases."""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib import messages
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fritt.identity.sessions import recent_login_required
from fritt.tenancy.schemas import current_municipality, in_municipality
from fritt.web.csv_export import safe_writer
from fritt.web.errors import REFUSALS, attempt, onto_form
from fritt.web.input import id_param, safe_next
from fritt.web.lists import page_of, sort_key
from tenants.applications.models import Approval, ApprovalStatus

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
    log_seen,
    recipient_form_view,
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
    show = request.GET.get("vis", "")
    show = show if show in selectors.RECIPIENT_FILTERS else ""
    order = sort_key(request.GET, selectors.RECIPIENT_ORDERINGS, "navn")
    page = page_of(request.GET, selectors.recipient_list(q, show=show, order=order))
    log_seen(request, page.object_list, "liste over tjenestemottakere", action=AccessAction.LIST)
    return render(
        request,
        "recipients/list.html",
        {"page": page, "q": q, "sok": request.GET.get("sok", ""), "vis": show, "sorter": order},
    )


@case_worker
def recipient_create(request):
    form = RecipientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recipient = services.register_recipient(
                by=request.user, ip=client_ip(request), **form.cleaned_data
            )
        except REFUSALS as exc:
            onto_form(form, exc)
        else:
            messages.success(request, _("Tjenestemottakeren er registrert."))
            return redirect("recipients:detail", pk=recipient.pk)
    return render(request, "recipients/create.html", {"form": form})


@case_worker
def recipient_detail(request, pk: int):
    recipient = get_object_or_404(Recipient.objects.select_related("zone"), pk=pk)
    log_seen(request, [recipient], "detaljside")
    return render(
        request,
        "recipients/detail.html",
        {
            "recipient": recipient,
            "fnr_masked": crypto.masked(crypto.decrypt(recipient.fnr_encrypted)),
            "rows": decision_rows(recipient),
            # Five forms on one page: each gets its own id prefix so labels find their field.
            "contact_form": ContactForm(auto_id="kontakt_%s"),
            "decision_form": DecisionForm(
                initial={"valid_from": timezone.localdate()}, auto_id="vedtak_%s"
            ),
            "case_form": CaseForm(providers=_case_providers(), auto_id="sak_%s"),
            "edit_form": RecipientEditForm(
                initial={f: getattr(recipient, f) for f in services.RECIPIENT_FIELDS},
                auto_id="endre_%s",
            ),
            "access_form": OnlineAccessForm(auto_id="tilgang_%s"),
            "logins": recipient.logins.select_related("user"),
        },
    )


edit_recipient = recipient_form_view(
    RecipientEditForm, services.update_recipient, gettext_lazy("Opplysningene er lagret.")
)
online_access = recipient_form_view(
    OnlineAccessForm,
    services.invite_online_access,
    gettext_lazy("Tilgangen er gitt. En e-post med lenke til å velge passord er sendt."),
    sensitive=False,
)
add_decision = recipient_form_view(
    DecisionForm,
    services.create_decision,
    gettext_lazy("Vedtaket er registrert. Brukeren har 14 dager på å velge."),
)
add_contact = recipient_form_view(
    ContactForm, services.add_contact, gettext_lazy("Kontakten er lagt til.")
)


class _Line:
    """A file-like sink for csv.writer that hands back what was written (for streaming)."""

    def write(self, value: str) -> str:
        return value


def _export_lines(user, ip: str | None, q: str, show: str, municipality) -> Iterator[str]:
    """The CSV, a batch at a time: each batch is logged before its rows leave, in the
    municipality's schema (a streamed body is read after the request has returned)."""
    writer = safe_writer(_Line(), delimiter=";")
    yield "\ufeff" + writer.writerow(
        [_("Nr."), _("Navn"), _("Adresse"), _("Postnummer"), _("Poststed"), _("Sone"),
         _("Telefon"), _("Vedtak"), _("Leverandør nå:")]
    )  # fmt: skip
    with in_municipality(municipality):
        for batch in selectors.export_batches(q, show=show):
            services.log_access(
                user=user, recipient_ids=batch.recipient_ids,
                action=AccessAction.EXPORT, what="eksport (CSV)", ip=ip,
            )  # fmt: skip
            yield "".join(writer.writerow(row) for row in batch.rows)


@case_worker
@recent_login_required
def recipient_export(request):
    """The list as CSV (semicolon, UTF-8 with BOM for spreadsheets), without identity numbers,
    streamed in batches: constant memory and a fixed number of queries per batch."""
    q, refusal = _recalled_search(request)
    if refusal is not None:
        return refusal
    show = request.GET.get("vis", "")
    show = show if show in selectors.RECIPIENT_FILTERS else ""
    response = StreamingHttpResponse(
        _export_lines(request.user, client_ip(request), q, show, current_municipality()),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="tjenestemottakere.csv"'
    return response


@case_worker
def choose_on_behalf(request, pk: int, decision_pk: int):
    decision = get_object_or_404(
        ServiceDecision.objects.select_related("recipient", "service_type"),
        pk=decision_pk,
        recipient_id=pk,
    )
    if request.method == "GET":
        log_seen(request, [decision.recipient], "valg av leverandør")
    return choose_page(
        request, decision, ask_how=True, template="recipients/choose.html",
        done=lambda: redirect("recipients:detail", pk=pk),
    )  # fmt: skip


def _case_providers():
    """Providers a complaint or deviation may concern: a stopped approval stays listed (the
    case may be about the time it served) but says so, so it is never read as approved."""
    approvals = Approval.objects.select_related("supplier", "scheme").order_by("supplier__name")
    return [("kommunal", _("Kommunal egenregi"))] + [
        (
            str(a.pk),
            f"{a.supplier.name} ({a.scheme.title})"
            + ("" if a.status == ApprovalStatus.ACTIVE else f" – {a.get_status_display().lower()}"),
        )
        for a in approvals
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
        attempt(
            request,
            lambda: services.register_case(
                by=request.user, kind=data["kind"], description=data["description"],
                received_on=data["received_on"], recipient=recipient,
                approval=services.provider_from_key(data["provider"])["approval"],
            ),
            _("Saken er registrert."),
        )  # fmt: skip
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
        except REFUSALS as exc:
            onto_form(form, exc)
        else:
            messages.success(request, _("Lagret."))
            return redirect("recipients:cases")
    return render(request, "recipients/case.html", {"case": case, "form": form})

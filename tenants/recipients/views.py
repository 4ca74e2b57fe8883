"""Pages for recipients on a municipality's site: the case worker's register, decisions and
choices; the admin's access log; a supplier's assignments; the citizen's decision support and
own page. Every page that shows a recipient's data writes to the access log."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fritt.accounts.access import login_page, public_page, role_required
from fritt.accounts.roles import Role
from fritt.accounts.selectors import supplier_assignments
from fritt.web.input import id_param, safe_next
from public_site.catalogue.models import ServiceType
from tenants.applications.models import Approval
from tenants.municipalities.models import Municipality

from . import crypto, searches, selectors, services
from .forms import (
    CaseForm,
    CaseUpdateForm,
    ChoiceForm,
    ConfirmAccessForm,
    ContactForm,
    DecisionForm,
    OnlineAccessForm,
    RecipientEditForm,
    RecipientForm,
)
from .models import AccessAction, Assignment, QualityCase, Recipient, ServiceDecision

case_worker = role_required(Role.CASE_WORKER)
admin = role_required(Role.MUNICIPAL_ADMIN)


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _errors(request, exc) -> None:
    for message in getattr(exc, "messages", None) or [str(exc)]:
        messages.error(request, message)


# --- Case worker ---------------------------------------------------------------------------


def _search_text(request) -> str | None:
    """The search behind `?sok=<token>` (None when the token is unknown or expired). A search
    text itself is never read from the URL: a fødselsnummer there would reach logs."""
    token = request.GET.get("sok", "")
    return searches.recall(request.session, token) if token else ""


def _search_in_url(request):
    return render(
        request,
        "recipients/list.html",
        {"page": None, "error": _("Søk sendes med skjemaet, ikke i adressen. Søk på nytt.")},
        status=400,
    )


@case_worker
def recipient_list(request):
    if "q" in request.GET:
        return _search_in_url(request)
    if request.method == "POST":
        q = request.POST.get("q", "").strip()
        if not q:
            return redirect("recipients:list")
        return redirect(f"{reverse('recipients:list')}?sok={searches.remember(request.session, q)}")
    q = _search_text(request)
    if q is None:
        messages.info(request, _("Søket er utløpt. Søk på nytt."))
        return redirect("recipients:list")
    page = Paginator(selectors.search_recipients(q), 50).get_page(request.GET.get("side"))
    services.log_access(
        user=request.user, recipients=list(page.object_list), action=AccessAction.LIST,
        what="liste over tjenestemottakere", ip=_ip(request),
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
                by=request.user, ip=_ip(request), **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error("fnr" if getattr(exc, "code", "") in {"fnr", "duplicate"} else None, exc)
        else:
            messages.success(request, _("Tjenestemottakeren er registrert."))
            return redirect("recipients:detail", pk=recipient.pk)
    return render(request, "recipients/create.html", {"form": form})


def _decision_rows(recipient: Recipient):
    day = timezone.localdate()
    return [
        {
            "decision": d,
            "current": selectors.current_assignment(d, day),
            "upcoming": selectors.upcoming_assignment(d, day),
            "history": list(
                d.assignments.select_related("approval__supplier").order_by("starts_on", "pk")
            ),
        }
        for d in recipient.decisions.select_related("service_type", "scheme")
    ]


@case_worker
def recipient_detail(request, pk: int):
    recipient = get_object_or_404(Recipient.objects.select_related("zone"), pk=pk)
    services.log_access(
        user=request.user, recipients=[recipient], action=AccessAction.VIEW,
        what="detaljside", ip=_ip(request),
    )  # fmt: skip
    return render(
        request,
        "recipients/detail.html",
        {
            "recipient": recipient,
            "fnr_masked": crypto.masked(crypto.decrypt(recipient.fnr_encrypted)),
            "rows": _decision_rows(recipient),
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
def edit_recipient(request, pk: int):
    recipient = get_object_or_404(Recipient, pk=pk)
    form = RecipientEditForm(request.POST)
    if form.is_valid():
        services.update_recipient(
            by=request.user, recipient=recipient, ip=_ip(request), **form.cleaned_data
        )
        messages.success(request, _("Opplysningene er lagret."))
    else:
        _errors(request, ValidationError([e for errs in form.errors.values() for e in errs]))
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
            _errors(request, exc)
        else:
            messages.success(
                request, _("Tilgangen er gitt. En e-post med lenke til å velge passord er sendt.")
            )
    else:
        _errors(request, ValidationError([e for errs in form.errors.values() for e in errs]))
    return redirect("recipients:detail", pk=pk)


@case_worker
def recipient_export(request):
    """The list as CSV (semicolon, UTF-8 with BOM for spreadsheets), without identity numbers."""
    from django.http import HttpResponse

    from fritt.web.csv_export import safe_writer

    if "q" in request.GET:
        return _search_in_url(request)
    q = _search_text(request)
    if q is None:
        messages.info(request, _("Søket er utløpt. Søk på nytt."))
        return redirect("recipients:list")
    recipients = list(selectors.search_recipients(q))
    services.log_access(
        user=request.user, recipients=recipients, action=AccessAction.EXPORT,
        what="eksport (CSV)", ip=_ip(request),
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
def add_decision(request, pk: int):
    recipient = get_object_or_404(Recipient, pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.create_decision(
                by=request.user, recipient=recipient, ip=_ip(request), **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as exc:
            _errors(request, exc)
        else:
            messages.success(
                request, _("Vedtaket er registrert. Brukeren har 14 dager på å velge.")
            )
    else:
        _errors(request, ValidationError([e for errs in form.errors.values() for e in errs]))
    return redirect("recipients:detail", pk=pk)


@require_POST
@case_worker
def add_contact(request, pk: int):
    recipient = get_object_or_404(Recipient, pk=pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        services.add_contact(
            by=request.user, recipient=recipient, ip=_ip(request), **form.cleaned_data
        )
        messages.success(request, _("Kontakten er lagt til."))
    else:
        _errors(request, ValidationError([e for errs in form.errors.values() for e in errs]))
    return redirect("recipients:detail", pk=pk)


def _provider(key: str) -> Approval | None:
    if key == "kommunal" or ":" in key:
        return None
    approval = Approval.objects.filter(pk=int(key) if key.isdigit() else -1).first()
    if approval is None:
        raise ValidationError(_("Velg en leverandør fra listen."))
    return approval


def _joint(key: str) -> services.JointProvider | None:
    """'host:approval' keys name a supplier approved in a host's joint scheme."""
    host_id, _sep, approval_id = key.partition(":")
    if not (host_id.isdigit() and approval_id.isdigit()):
        return None
    host = Municipality.objects.filter(pk=int(host_id)).first()
    if host is None:
        raise ValidationError(_("Velg en leverandør fra listen."))
    return services.JointProvider(host=host, approval_id=int(approval_id))


def _choose(request, decision: ServiceDecision, *, ask_how: bool, template: str, done):
    contact = f"{connection.tenant.display_name}"
    providers = selectors.providers_for(decision.service_type, municipal_contact=contact)
    form = ChoiceForm(request.POST or None, providers=providers, ask_how=ask_how)
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.choose_provider(
                by=request.user, decision=decision,
                approval=_provider(form.cleaned_data["provider"]),
                joint=_joint(form.cleaned_data["provider"]),
                how=form.cleaned_data.get("how", ""), ip=_ip(request),
            )  # fmt: skip
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Valget er registrert. %(name)s starter %(date)s.")
                % {
                    "name": assignment.provider_name,
                    "date": assignment.starts_on.strftime("%d.%m.%Y"),
                },
            )
            return done()
    return render(
        request,
        template,
        {"decision": decision, "providers": providers, "form": form,
         "current": selectors.current_assignment(decision)},
    )  # fmt: skip


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
            what="valg av leverandør", ip=_ip(request),
        )  # fmt: skip
    return _choose(
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
                received_on=data["received_on"], approval=_provider(data["provider"]),
                recipient=recipient,
            )  # fmt: skip
        except (ValidationError, PermissionDenied) as exc:
            _errors(request, exc)
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


# --- Municipal admin: the access log -------------------------------------------------------


@admin
def access_log(request):
    recipient = request.GET.get("mottaker", "")
    user = request.GET.get("bruker", "")
    day = request.GET.get("dato", "")
    try:
        on = datetime.date.fromisoformat(day) if day else None
    except ValueError:
        on = None
    entries = selectors.access_log(
        recipient_id=id_param(request.GET, "mottaker"),
        user_id=id_param(request.GET, "bruker"),
        day=on,
    )
    page = Paginator(entries, 100).get_page(request.GET.get("side"))
    since = timezone.localdate() - datetime.timedelta(days=30)
    return render(
        request,
        "recipients/access_log.html",
        {"page": page, "unusual": selectors.unusual_access(since=since),
         "filters": {"mottaker": recipient, "bruker": user, "dato": day}},
    )  # fmt: skip


# --- Suppliers: their assignments here -----------------------------------------------------


@login_page
def supplier_assignments_page(request):
    supplier_ids = list(supplier_assignments(request.user).values_list("supplier_id", flat=True))
    has_business = (
        Approval.objects.filter(supplier_id__in=supplier_ids).exists()
        or Assignment.objects.filter(joint_supplier_id__in=supplier_ids).exists()
    )
    if not supplier_ids or not has_business:
        raise PermissionDenied
    assignments = list(selectors.assignments_for_suppliers(supplier_ids))
    by_recipient = {a.decision.recipient_id: a.decision.recipient for a in assignments}
    services.log_access(
        user=request.user, recipients=list(by_recipient.values()), action=AccessAction.ASSIGNMENT,
        what="oppdragsliste", ip=_ip(request),
    )  # fmt: skip
    return render(request, "recipients/assignments.html", {"assignments": assignments})


# --- Citizens ------------------------------------------------------------------------------


@public_page
def decision_support(request, code: str):
    service_type = get_object_or_404(ServiceType, code=code)
    providers = selectors.providers_for(
        service_type, municipal_contact=connection.tenant.display_name
    )
    return render(
        request,
        "recipients/decision_support.html",
        {
            "service_type": service_type,
            "providers": providers,
            "scheme": selectors.scheme_for(service_type),
        },
    )


@login_page
def my_page(request):
    logins = list(selectors.logins_of(request.user))
    pending = list(selectors.pending_logins_of(request.user))
    if not logins and not pending:
        raise PermissionDenied
    people = []
    for login in logins:
        recipient = login.recipient
        people.append({"login": login, "recipient": recipient, "rows": _decision_rows(recipient)})
    services.log_access(
        user=request.user, recipients=[login.recipient for login in logins],
        action=AccessAction.VIEW, what="min side", ip=_ip(request),
    )  # fmt: skip
    return render(
        request,
        "recipients/my_page.html",
        {"people": people, "pending": [(p, ConfirmAccessForm(prefix=f"b{p.pk}")) for p in pending]},
    )


@require_POST
@login_page
def confirm_access(request, pk: int):
    """The account holder confirms access a case worker gave, with the fødselsnummer (POST)."""
    login = selectors.pending_logins_of(request.user).filter(pk=pk).first()
    if login is None:
        raise Http404
    form = ConfirmAccessForm(request.POST, prefix=f"b{pk}")
    if form.is_valid():
        try:
            services.confirm_online_access(
                user=request.user, login=login, fnr=form.cleaned_data["fnr"], ip=_ip(request)
            )
        except (ValidationError, PermissionDenied) as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Tilgangen er bekreftet."))
    else:
        _errors(request, ValidationError([e for errs in form.errors.values() for e in errs]))
    return redirect("recipients:my_page")


def _my_recipient(request, pk: int) -> Recipient:
    login = selectors.logins_of(request.user).filter(recipient_id=pk).first()
    if login is None:
        raise Http404
    return login.recipient


@login_page
def my_choice(request, pk: int, decision_pk: int):
    recipient = _my_recipient(request, pk)
    decision = get_object_or_404(
        ServiceDecision.objects.select_related("service_type"), pk=decision_pk, recipient=recipient
    )
    if request.method == "GET":
        services.log_access(
            user=request.user, recipients=[recipient], action=AccessAction.VIEW,
            what="valg av leverandør (min side)", ip=_ip(request),
        )  # fmt: skip
    return _choose(
        request, decision, ask_how=False, template="recipients/my_choice.html",
        done=lambda: redirect("recipients:my_page"),
    )  # fmt: skip


@login_page
def who_viewed(request, pk: int):
    recipient = _my_recipient(request, pk)
    services.log_access(
        user=request.user, recipients=[recipient], action=AccessAction.VIEW,
        what="hvem har sett opplysningene (min side)", ip=_ip(request),
    )  # fmt: skip
    entries = selectors.access_log(recipient_id=recipient.pk)
    page = Paginator(entries, 100).get_page(request.GET.get("side"))
    return render(request, "recipients/who_viewed.html", {"recipient": recipient, "page": page})

"""The citizen's pages: neutral decision support, Min side with confirming access,
choosing or switching online, and who has viewed the data."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fritt.accounts.access import login_page, public_page
from fritt.web.errors import REFUSALS, attempt, flash, onto_form
from public_site.catalogue.models import ServiceType
from tenants.settlement.selectors import visit_of as delivered_visit
from tenants.settlement.selectors import visits_of as delivered_visits
from tenants.zones.models import Zone

from .. import selectors, services
from ..forms import (
    ConfirmAccessForm,
    DeviationForm,
)
from ..models import Recipient, ServiceDecision
from .common import choose_page, client_ip, log_seen, show_form_errors

COMPARE_AT_MOST = 3


@public_page
def decision_support(request, code: str):
    """Every provider, filtered by zone and language; two or three ticked are compared side by
    side (all by GET, so a filtered or compared page can be bookmarked, shared and printed)."""
    service_type = get_object_or_404(ServiceType, code=code)
    everyone = selectors.providers_for(
        service_type, municipal_contact=connection.tenant.display_name
    )
    zones = list(Zone.objects.all())
    zone_id = _int_or_none(request.GET.get("sone"))
    if zone_id not in {z.pk for z in zones}:
        zone_id = None
    languages = selectors.spoken_languages(everyone)
    language = request.GET.get("sprak", "").strip().lower()
    if language not in languages:
        language = ""
    providers = selectors.filter_providers(everyone, zone_id=zone_id, language=language)
    ticked = request.GET.getlist("sammenlign")
    compared = [p for p in everyone if p.key in ticked]
    scheme = selectors.scheme_for(service_type)
    return render(
        request,
        "recipients/decision_support.html",
        {
            "service_type": service_type,
            "providers": providers,
            "scheme": scheme,
            # Free choice exists when there is someone to choose besides the municipality.
            "has_choice": any(not p.is_municipal for p in everyone),
            "zones": zones,
            "zone_id": zone_id,
            "languages": languages,
            "language": language,
            "filtered": zone_id is not None or bool(language),
            "ticked": ticked,
            "compared": compared if 2 <= len(compared) <= COMPARE_AT_MOST else [],
            "compare_refused": bool(ticked) and not 2 <= len(compared) <= COMPARE_AT_MOST,
            "municipal": next(p for p in everyone if p.is_municipal),
        },
    )


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_page
def my_page(request):
    logins = list(selectors.logins_of(request.user))
    pending = list(selectors.pending_logins_of(request.user))
    if not logins and not pending:
        raise PermissionDenied
    overview = selectors.decision_overview([login.recipient for login in logins])
    people = [
        {
            "login": login,
            "recipient": login.recipient,
            "rows": overview[login.recipient_id],
            "visits": list(delivered_visits(login.recipient)[:200]),
        }
        for login in logins
    ]
    log_seen(request, [login.recipient for login in logins], "min side")
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
        attempt(
            request,
            lambda: services.confirm_online_access(
                user=request.user, login=login, fnr=form.cleaned_data["fnr"], ip=client_ip(request)
            ),
            _("Tilgangen er bekreftet."),
        )
    else:
        show_form_errors(request, form)
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
        log_seen(request, [recipient], "valg av leverandør (min side)")
    return choose_page(
        request, decision, ask_how=False, template="recipients/my_choice.html",
        done=lambda: redirect("recipients:my_page"),
        confirm_template="recipients/my_choice_confirm.html",
    )  # fmt: skip


@require_POST
@login_page
def cancel_switch(request, pk: int, decision_pk: int):
    """Undo a switch before it takes effect; the current provider continues."""
    recipient = _my_recipient(request, pk)
    decision = get_object_or_404(ServiceDecision, pk=decision_pk, recipient=recipient)
    try:
        current = services.cancel_switch(by=request.user, decision=decision, ip=client_ip(request))
    except REFUSALS as exc:
        flash(request, exc)
    else:
        messages.success(
            request,
            _("Byttet er angret. %(name)s fortsetter som leverandør.")
            % {"name": current.provider_name},
        )
    return redirect("recipients:my_page")


@login_page
def who_viewed(request, pk: int):
    recipient = _my_recipient(request, pk)
    log_seen(request, [recipient], "hvem har sett opplysningene (min side)")
    login = selectors.logins_of(request.user).get(recipient=recipient)
    entries = selectors.viewed_by_others(recipient_id=recipient.pk, viewer=request.user)
    page = Paginator(entries, 100).get_page(request.GET.get("side"))
    own_count, own_latest = selectors.own_views(recipient_id=recipient.pk, viewer=request.user)
    return render(
        request,
        "recipients/who_viewed.html",
        {
            "recipient": recipient,
            "page": page,
            "rows": [selectors.in_plain_words(e) for e in page.object_list],
            "is_proxy": login.relation == "proxy",
            "own_count": own_count,
            "own_latest": own_latest,
        },
    )


@login_page
def report_deviation(request, pk: int):
    """Min side: report a deviation from a delivered visit (`?linje=`) or a visit that never
    came; it lands in the municipality's quality cases."""
    recipient = _my_recipient(request, pk)
    assignments = selectors.recent_assignments_of(recipient)
    visit = delivered_visit(recipient, request.POST.get("linje") or request.GET.get("linje"))
    if visit is not None:
        assignments = [a for a in assignments if a.pk == visit.assignment_id]
    initial = {"assignment": visit.assignment_id, "visit_date": visit.date} if visit else {}
    form = DeviationForm(request.POST or None, assignments=assignments, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_deviation(
                by=request.user, recipient=recipient,
                assignment=next(a for a in assignments if a.pk == data["assignment"]),
                visit_date=data["visit_date"], description=data["description"],
                delivery_line_id=visit.pk if visit else None, ip=client_ip(request),
            )  # fmt: skip
        except REFUSALS as exc:
            onto_form(form, exc)
        else:
            messages.success(
                request,
                _("Avviket er sendt til kommunen. Kommunen følger det opp med leverandøren."),
            )
            return redirect("recipients:my_page")
    if request.method == "GET":
        log_seen(request, [recipient], "meld avvik (min side)")
    return render(
        request,
        "recipients/my_deviation.html",
        {"recipient": recipient, "form": form, "visit": visit, "has_providers": bool(assignments)},
    )

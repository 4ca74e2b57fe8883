"""The officer's review pages on a municipality's site: inbox, application, approvals."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from fritt.accounts.access import role_required
from fritt.accounts.roles import Role
from fritt.tenancy.schemas import current_municipality
from fritt.web.errors import REFUSALS, attempt, onto_form
from fritt.web.lists import page_of, sort_key

from . import selectors, services
from .forms import AssessmentForm, DecisionForm
from .letters import render_decision_letter
from .models import Application, ApplicationStatus, Approval, ApprovalStatus

officer = role_required(Role.MUNICIPAL_OFFICER, Role.MUNICIPAL_ADMIN)


@officer
def inbox(request):
    status = request.GET.get("status", "open")
    if status not in {"open", *ApplicationStatus.values}:
        status = "open"
    today = timezone.localdate()
    order = sort_key(request.GET, selectors.INBOX_ORDERINGS, "frist")
    supplier = request.GET.get("leverandor", "").strip()[:100]
    page = page_of(
        request.GET,
        selectors.answered(selectors.inbox(status=status, supplier=supplier, order=order)),
    )
    applications = [(a, selectors.is_overdue(a, today)) for a in page.object_list]
    return render(
        request,
        "applications/inbox.html",
        {"applications": applications, "page": page, "status": status,
         "statuses": ApplicationStatus.choices, "sorter": order, "leverandor": supplier},
    )  # fmt: skip


def _detail(request, application: Application, *, assessment_form=None, status=200):
    rows = selectors.checklist(application)
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "checklist": rows,
            "all_met": all(r.ok for r in rows),
            "all_judged": all(r.judged_met for r in rows),
            "overdue": selectors.is_overdue(application),
            "form": DecisionForm(),
            "assessment_form": assessment_form or AssessmentForm(rows=rows),
            "approval": getattr(application, "approval", None),
            "events": application.events.prefetch_related("documents").select_related("by"),
        },
        status=status,
    )


@officer
def application_detail(request, pk: int):
    application = get_object_or_404(Application.objects.select_related("scheme", "supplier"), pk=pk)
    return _detail(request, application)


@require_POST
@officer
def assess(request, pk: int):
    """The officer's own judgement per condition (met / not met, with a comment)."""
    application = get_object_or_404(Application.objects.select_related("scheme", "supplier"), pk=pk)
    form = AssessmentForm(request.POST, rows=selectors.checklist(application))
    if form.is_valid():
        try:
            saved = services.assess_conditions(
                application=application, by=request.user, assessments=form.assessments()
            )
        except REFUSALS as exc:
            onto_form(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "Vurderingen av %(n)d vilkår er lagret.",
                    "Vurderingen av %(n)d vilkår er lagret.",
                    len(saved),
                )
                % {"n": len(saved)},
            )
            return redirect("applications:detail", pk=pk)
    return _detail(request, application, assessment_form=form, status=400)


def _application_done(action: str) -> str:
    """What happened, said after the action (not just "Lagret")."""
    return {
        "behandle": _("Søknaden er tatt til behandling."),
        "suppler": _("Leverandøren er bedt om supplering og får beskjed på e-post."),
        "godkjenn": _(
            "Søknaden er godkjent. Godkjenningen og kontrakten er laget, og leverandøren får "
            "beskjed på e-post."
        ),
        "avsla": _("Søknaden er avslått. Leverandøren får vedtaket med begrunnelse på e-post."),
    }[action]


# The steps an officer takes from a case page, by the word in its URL, and the name under
# which each service takes the text the officer wrote (None: it takes no text).
APPLICATION_STEPS = {
    "behandle": (services.start_review, None),
    "suppler": (services.request_supplement, "message"),
    "godkjenn": (services.approve, "reasons"),
    "avsla": (services.reject, "reasons"),
}
APPROVAL_STEPS = {
    "suspender": (services.suspend_approval, "reasons"),
    "gjeninnsett": (services.reinstate_approval, "reasons"),
    "tilbakekall": (services.revoke_approval, "reasons"),
    "avslutt": (services.end_approval, "reasons"),
}


def _step(steps: dict, action: str, request, **subject) -> Callable[[], object]:
    """The service behind a URL's step, ready to run with the officer and their text."""
    if action not in steps:
        raise Http404
    service, text_name = steps[action]
    if text_name is not None:
        subject[text_name] = request.POST.get("text", "")
    return partial(service, by=request.user, **subject)


@require_POST
@officer
def application_action(request, pk: int, action: str):
    application = get_object_or_404(Application, pk=pk)
    step = _step(APPLICATION_STEPS, action, request, application=application)
    attempt(request, step, _application_done(action))
    return redirect("applications:detail", pk=pk)


@officer
def approval_list(request):
    status = request.GET.get("status", "")
    if status not in {"", *ApprovalStatus.values}:
        status = ""
    order = sort_key(request.GET, selectors.APPROVAL_ORDERINGS, "ordning")
    supplier = request.GET.get("leverandor", "").strip()[:100]
    page = page_of(request.GET, selectors.approvals(status=status, supplier=supplier, order=order))
    return render(
        request,
        "applications/approvals.html",
        {"approvals": page.object_list, "page": page, "status": status,
         "statuses": ApprovalStatus.choices, "sorter": order, "leverandor": supplier},
    )  # fmt: skip


@officer
def approval_detail(request, pk: int):
    approval = get_object_or_404(
        Approval.objects.select_related("scheme", "supplier", "application"), pk=pk
    )
    return render(
        request, "applications/approval.html", {"approval": approval, "form": DecisionForm()}
    )


# Actions that stop or limit an approval are confirmed on a page that says their consequences.
CONFIRMED_APPROVAL_ACTIONS = {"suspender", "tilbakekall", "avslutt"}


def _approval_done(action: str, approval: Approval, consequences) -> str:
    """What happened, with the numbers, said after the action."""
    n = consequences.recipients if consequences else 0
    facts = {
        "s": approval.supplier.name,
        "n": n,
        "d": date_format(consequences.choose_by) if consequences else "",
        "u": date_format(approval.valid_until) if approval.valid_until else "",
    }
    if action == "suspender":
        text = _(
            "%(s)s er suspendert og får ikke nye brukere. Brukere bedt om å velge på nytt "
            "innen %(d)s: %(n)s."
        )
    elif action == "tilbakekall":
        text = _(
            "Godkjenningen til %(s)s er tilbakekalt. Brukere som får kommunal egenregi fra i "
            "dag og er bedt om å velge på nytt innen %(d)s: %(n)s."
        )
    elif action == "avslutt":
        text = _(
            "Godkjenningen til %(s)s er sagt opp og gjelder til %(u)s. Brukere bedt om å "
            "velge på nytt innen %(d)s: %(n)s."
        )
    else:
        text = _("%(s)s er gjeninnsatt og kan få nye brukere igjen.")
    return text % facts


@require_POST
@officer
def approval_action(request, pk: int, action: str):
    approval = get_object_or_404(Approval.objects.select_related("scheme", "supplier"), pk=pk)
    text = request.POST.get("text", "")
    step = _step(APPROVAL_STEPS, action, request, approval=approval)
    consequences = (
        selectors.approval_consequences(approval, action)
        if action in CONFIRMED_APPROVAL_ACTIONS
        else None
    )
    if consequences is not None and "bekreft" not in request.POST:
        return render(
            request,
            "applications/approval_confirm.html",
            {"approval": approval, "action": action, "text": text, "c": consequences},
        )
    attempt(request, step, lambda: _approval_done(action, approval, consequences))
    return redirect("applications:approval", pk=pk)


@officer
def attached_document(request, pk: int, document_pk: int):
    """The file behind an attached document, from the supplier's vault (national storage)."""
    application = get_object_or_404(Application, pk=pk)
    attached = get_object_or_404(application.documents, pk=document_pk)
    content = selectors.vault_file(attached)
    if content is None:
        raise Http404
    handle, content_type = content
    return FileResponse(
        handle,
        content_type=content_type,
        as_attachment=True,
        filename=f"{attached.get_document_type_display()}.{content_type.rsplit('/', 1)[-1]}",
    )


@officer
def contract(request, pk: int):
    approval = get_object_or_404(Approval, pk=pk)
    if not approval.contract_file:
        raise Http404
    return FileResponse(
        approval.contract_file.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"kontrakt-{approval.pk}.pdf",
    )


@officer
def decision_letter(request, pk: int):
    application = get_object_or_404(Application, pk=pk)
    if not application.is_decided:
        raise Http404
    return HttpResponse(
        render_decision_letter(application=application, municipality=current_municipality()),
        content_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="vedtak-{application.pk}.pdf"'},
    )

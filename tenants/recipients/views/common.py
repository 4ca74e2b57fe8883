"""What the recipient pages share: the role gates, the access log of what a page showed, form
errors as messages, a decision's rows, and choosing a provider (by a case worker or online)."""

from __future__ import annotations

from django.contrib import messages
from django.db import connection
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fritt.accounts.access import role_required
from fritt.accounts.roles import Role
from fritt.identity.sessions import recent_login_required
from fritt.web.errors import REFUSALS, attempt, onto_form

from .. import selectors, services
from ..forms import (
    ChoiceForm,
)
from ..models import AccessAction, Recipient, ServiceDecision

case_worker = role_required(Role.CASE_WORKER)


admin = role_required(Role.MUNICIPAL_ADMIN)


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def log_seen(request, recipients, what: str, *, action: str = AccessAction.VIEW) -> None:
    """Write to the access log that this page showed these recipients' data to the user."""
    services.log_access(
        user=request.user, recipients=list(recipients), action=action, what=what,
        ip=client_ip(request),
    )  # fmt: skip


def show_form_errors(request, form) -> None:
    """A posted form's errors as page messages (its page is another one, redirected to)."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def recipient_form_view(form_class, service, done: str, *, sensitive: bool = True):
    """The view of one posted form of the recipient page: a case worker changes the recipient
    through `service` and is sent back to the page with what happened, the form's errors or
    the service's refusal. A sensitive change wants a recent login and logs the address."""

    def view(request, pk: int):
        recipient = get_object_or_404(Recipient, pk=pk)
        form = form_class(request.POST)
        if not form.is_valid():
            show_form_errors(request, form)
            return redirect("recipients:detail", pk=pk)
        extra = {"ip": client_ip(request)} if sensitive else {}
        attempt(
            request,
            lambda: service(by=request.user, recipient=recipient, **extra, **form.cleaned_data),
            done,
        )
        return redirect("recipients:detail", pk=pk)

    # The gates in the same order as on every other recipient page: method, role, login age.
    gated = recent_login_required(view) if sensitive else view
    return require_POST(case_worker(gated))


def decision_rows(recipient: Recipient):
    return selectors.decision_overview([recipient])[recipient.pk]


def _preview(decision: ServiceDecision, key: str, providers) -> dict:
    """What a confirmation step shows: who is chosen, who serves now, and from which day."""
    provider = services.provider_from_key(key)
    approval, joint = provider["approval"], provider["joint"]
    facts = (
        selectors.joint_approval(host=joint.host, approval_id=joint.approval_id) if joint else None
    )
    return {
        "chosen": next((p for p in providers if p.key == key), None),
        "key": key,
        "starts_on": selectors.choice_starts_on(decision, approval=approval, joint_facts=facts),
    }


def _record_choice(request, decision: ServiceDecision, form: ChoiceForm, done):
    """Record the choice and go on; a refusal goes on the form (and None is returned)."""
    key = form.cleaned_data["provider"]
    try:
        assignment = services.choose_provider(
            by=request.user, decision=decision, **services.provider_from_key(key),
            how=form.cleaned_data.get("how", ""), ip=client_ip(request),
        )  # fmt: skip
    except REFUSALS as exc:
        onto_form(form, exc)
        return None
    messages.success(
        request,
        _("Valget er registrert. %(name)s starter %(date)s.")
        % {
            "name": assignment.provider_name,
            "date": date_format(assignment.starts_on, "SHORT_DATE_FORMAT"),
        },
    )
    return done()


def choose_page(
    request, decision: ServiceDecision, *, ask_how: bool, template: str, done,
    confirm_template: str | None = None,
):  # fmt: skip
    """The choice form. With `confirm_template`, a chosen provider is first shown on a
    confirmation step with the day it takes effect; only "bekreft" records it."""
    contact = f"{connection.tenant.display_name}"
    providers = selectors.providers_for(decision.service_type, municipal_contact=contact)
    form = ChoiceForm(request.POST or None, providers=providers, ask_how=ask_how)
    current = selectors.current_assignment(decision)
    if request.method == "POST" and form.is_valid():
        key = form.cleaned_data["provider"]
        if confirm_template is None or "bekreft" in request.POST:
            answer = _record_choice(request, decision, form, done)
            if answer is not None:
                return answer
        elif current is not None and current.provider_key == key:
            form.add_error("provider", services.same_provider_message(request.user, decision))
        else:
            try:
                preview = _preview(decision, key, providers)
            except REFUSALS as exc:
                onto_form(form, exc)
            else:
                return render(
                    request, confirm_template,
                    {"decision": decision, "current": current, **preview},
                )  # fmt: skip
    switch_on = selectors.choice_starts_on(decision, approval=None) if current else None
    return render(
        request,
        template,
        {"decision": decision, "providers": providers, "form": form, "current": current,
         "switch_on": switch_on},
    )  # fmt: skip

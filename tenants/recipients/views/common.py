"""What the recipient pages share: the role gates, the client address for the log, form
errors as messages, a decision's rows, and choosing a provider (by a case worker or online)."""

from __future__ import annotations

from django.contrib import messages
from django.db import connection
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from fritt.accounts.access import role_required
from fritt.accounts.roles import Role
from fritt.web.errors import REFUSALS, onto_form

from .. import selectors, services
from ..forms import (
    ChoiceForm,
)
from ..models import Recipient, ServiceDecision

case_worker = role_required(Role.CASE_WORKER)


admin = role_required(Role.MUNICIPAL_ADMIN)


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def show_form_errors(request, form) -> None:
    """A posted form's errors as page messages (its page is another one, redirected to)."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def decision_rows(recipient: Recipient):
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


def choose_page(request, decision: ServiceDecision, *, ask_how: bool, template: str, done):
    contact = f"{connection.tenant.display_name}"
    providers = selectors.providers_for(decision.service_type, municipal_contact=contact)
    form = ChoiceForm(request.POST or None, providers=providers, ask_how=ask_how)
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.choose_provider(
                by=request.user, decision=decision,
                **services.provider_from_key(form.cleaned_data["provider"]),
                how=form.cleaned_data.get("how", ""), ip=client_ip(request),
            )  # fmt: skip
        except REFUSALS as exc:
            onto_form(form, exc)
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

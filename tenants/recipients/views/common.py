"""What the recipient pages share: the role gates, the client address for the log, form
errors as messages, a decision's rows, and choosing a provider (by a case worker or online)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.shortcuts import render
from django.utils.translation import gettext as _

from fritt.accounts.access import role_required
from fritt.accounts.roles import Role
from tenants.applications.models import Approval
from tenants.municipalities.models import Municipality

from .. import selectors, services
from ..forms import (
    ChoiceForm,
)
from ..models import Recipient, ServiceDecision

case_worker = role_required(Role.CASE_WORKER)


admin = role_required(Role.MUNICIPAL_ADMIN)


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def show_errors(request, exc) -> None:
    for message in getattr(exc, "messages", None) or [str(exc)]:
        messages.error(request, message)


def show_form_errors(request, form) -> None:
    """A posted form's errors as page messages (its page is another one, redirected to)."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def decision_rows(recipient: Recipient):
    return selectors.decision_overview([recipient])[recipient.pk]


def provider_from_key(key: str) -> Approval | None:
    if key == "kommunal" or ":" in key:
        return None
    approval = Approval.objects.filter(pk=int(key) if key.isdigit() else -1).first()
    if approval is None:
        raise ValidationError(_("Velg en leverandør fra listen."), code="provider")
    return approval


def joint_from_key(key: str) -> services.JointProvider | None:
    """'host:approval' keys name a supplier approved in a host's joint scheme."""
    host_id, _sep, approval_id = key.partition(":")
    if not (host_id.isdigit() and approval_id.isdigit()):
        return None
    host = Municipality.objects.filter(pk=int(host_id)).first()
    if host is None:
        raise ValidationError(_("Velg en leverandør fra listen."), code="provider")
    return services.JointProvider(host=host, approval_id=int(approval_id))


def choose_page(request, decision: ServiceDecision, *, ask_how: bool, template: str, done):
    contact = f"{connection.tenant.display_name}"
    providers = selectors.providers_for(decision.service_type, municipal_contact=contact)
    form = ChoiceForm(request.POST or None, providers=providers, ask_how=ask_how)
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.choose_provider(
                by=request.user, decision=decision,
                approval=provider_from_key(form.cleaned_data["provider"]),
                joint=joint_from_key(form.cleaned_data["provider"]),
                how=form.cleaned_data.get("how", ""), ip=client_ip(request),
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

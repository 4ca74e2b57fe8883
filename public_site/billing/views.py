"""Pages of billing: "Bli med" on the national site and the operator's decisions in /drift/."""

from __future__ import annotations

import stripe
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from fritt.accounts.access import role_required
from fritt.accounts.roles import Role
from fritt.errors import DomainError, NotAllowed
from fritt.web.errors import flash, onto_form

from . import agreements, services, subscriptions
from .forms import JoinForm
from .models import JoinRequest


def join(request):
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.request_to_join(
                municipality=data["municipality"],
                services=list(data["services"]),
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                invoice_reference=data["invoice_reference"],
                accepted_terms=data["accepted_terms"],
                accepted_dpa=data["accepted_dpa"],
                by=request.user,
            )
        except DomainError as exc:
            onto_form(form, exc)
        else:
            return redirect("billing:join_sent")
    return render(
        request,
        "billing/join.html",
        {"form": form, "terms": agreements.current("terms"), "dpa": agreements.current("dpa")},
    )


def join_sent(request):
    return render(request, "billing/join_sent.html")


@require_POST
@role_required(Role.PLATFORM_OPERATOR)
def operator_join(request, pk: int, action: str):
    join_request = get_object_or_404(JoinRequest, pk=pk)
    try:
        if action == "bekreft":
            result = services.confirm_join(join_request=join_request, by=request.user)
            messages.success(
                request,
                _("%(name)s er med på %(domain)s (%(seconds).1f s). Administratoren er invitert.")
                % {
                    "name": result.provision.municipality.display_name,
                    "domain": result.provision.domain,
                    "seconds": result.provision.seconds,
                },
            )
        elif action == "avvis":
            services.reject_join(join_request=join_request, by=request.user)
            messages.success(request, _("Innmeldingen er avvist."))
        else:
            return redirect("national:operator")
    except (DomainError, NotAllowed) as exc:
        flash(request, exc)
    return redirect("national:operator")


@csrf_exempt  # Stripe signs the raw body instead; a forged or unsigned body is refused below.
@require_POST
def stripe_webhook(request):
    if not subscriptions.billing_enabled() or not settings.STRIPE_WEBHOOK_SECRET:
        return HttpResponseBadRequest("billing is off")
    try:
        event = subscriptions.verify_webhook(
            payload=request.body, signature=request.headers.get("Stripe-Signature")
        )
    except (ValueError, stripe.SignatureVerificationError):
        return HttpResponseBadRequest("invalid signature")
    data_object = event.data.object
    subscriptions.receive_webhook(
        event_id=event.id, type=event.type, object_id=getattr(data_object, "id", "") or ""
    )
    return HttpResponse(status=200)

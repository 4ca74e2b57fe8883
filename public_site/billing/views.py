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
from fritt.identity import client as identity_client
from fritt.identity import services as identity_services
from fritt.web.context import municipality_url
from fritt.web.errors import flash, onto_form
from tenants.municipalities.models import Municipality
from tenants.municipalities.provisioning import site_domain

from . import agreements, services, subscriptions
from .forms import JoinForm
from .models import JoinRequest, JoinStatus


def _altinn_orgnrs(request) -> list[str]:
    """The organisations a verified Ansattporten login of this session may act for."""
    if not request.user.is_authenticated:
        return []
    if request.session.get(identity_services.SESSION_PROVIDER) != "ansattporten":
        return []
    return list(request.session.get(identity_services.SESSION_ORGANISATIONS) or [])


def join(request):
    altinn = _altinn_orgnrs(request)
    proven = (
        list(Municipality.registry.filter(orgnr__in=altinn).exclude(orgnr="")) if altinn else []
    )
    initial = {"municipality": proven[0].pk} if len(proven) == 1 else {}
    form = JoinForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            joined = services.request_to_join(
                municipality=data["municipality"],
                services=list(data["services"]),
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                invoice_reference=data["invoice_reference"],
                accepted_terms=data["accepted_terms"],
                accepted_dpa=data["accepted_dpa"],
                by=request.user,
                altinn_orgnrs=altinn,
            )
        except DomainError as exc:
            onto_form(form, exc)
        else:
            if joined.status == JoinStatus.CONFIRMED:
                municipality = joined.municipality
                return render(
                    request,
                    "billing/join_live.html",
                    {
                        "joined": municipality,
                        "domain": site_domain(municipality),
                        "site_url": municipality_url(municipality.slug),
                    },
                )
            return redirect("billing:join_sent")
    return render(
        request,
        "billing/join.html",
        {
            "form": form,
            "terms": agreements.current("terms"),
            "dpa": agreements.current("dpa"),
            "proven": proven,
            "ansattporten": identity_client.enabled("ansattporten"),
        },
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

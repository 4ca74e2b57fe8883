"""The municipal admin's integration pages: webhooks, their signing secret (shown once), the
delivery log and replays."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fritt.accounts.access import role_required
from fritt.accounts.roles import Role
from fritt.web.errors import REFUSALS, flash, onto_form

from . import selectors, services
from .forms import WebhookForm
from .models import Delivery, Webhook

admin = role_required(Role.MUNICIPAL_ADMIN)


@admin
def webhooks(request):
    form = WebhookForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = services.register_webhook(by=request.user, **form.cleaned_data)
        except REFUSALS as exc:
            onto_form(form, exc)
        else:
            # Rendered, not redirected: the secret is shown on this one answer and never again.
            form = WebhookForm()
    return render(
        request,
        "integrations/webhooks.html",
        {"form": form, "webhooks": selectors.webhooks(), "created": created},
    )


@admin
def webhook_detail(request, pk: int):
    webhook = get_object_or_404(Webhook, pk=pk)
    page = Paginator(selectors.deliveries_for(webhook), 50).get_page(request.GET.get("side"))
    return render(request, "integrations/webhook.html", {"webhook": webhook, "page": page})


@admin
@require_POST
def deactivate(request, pk: int):
    webhook = get_object_or_404(Webhook, pk=pk)
    services.deactivate_webhook(by=request.user, webhook=webhook)
    messages.success(request, _("Webhooken er slått av."))
    return redirect("integrations:webhooks")


@admin
@require_POST
def replay(request, pk: int):
    delivery = get_object_or_404(Delivery.objects.select_related("webhook"), pk=pk)
    try:
        services.replay_delivery(by=request.user, delivery=delivery)
    except REFUSALS as exc:
        flash(request, exc)
    else:
        messages.success(request, _("Hendelsen sendes på nytt."))
    return redirect("integrations:webhook", pk=delivery.webhook_id)

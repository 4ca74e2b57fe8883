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
from fritt.web.errors import REFUSALS, attempt, onto_form

from . import selectors, services
from .forms import ClientForm, WebhookForm
from .models import ApiClient, Delivery, Webhook

admin = role_required(Role.MUNICIPAL_ADMIN)


def _page(request, **context):
    # Rendered, not redirected, after a secret is made: it is shown on that one answer only.
    return render(
        request,
        "integrations/webhooks.html",
        {
            "form": context.pop("form", None) or WebhookForm(),
            "client_form": context.pop("client_form", None) or ClientForm(),
            "webhooks": selectors.webhooks(),
            "clients": selectors.clients(),
            **context,
        },
    )


def _create(request, form, create, *, form_name: str, made_name: str):
    """Make a webhook or a system client from its form: the new secret is shown on this one
    answer, a refusal on the form."""
    if form.is_valid():
        try:
            made = create(by=request.user, **form.cleaned_data)
        except REFUSALS as exc:
            onto_form(form, exc)
        else:
            return _page(request, **{made_name: made})
    return _page(request, **{form_name: form})


@admin
def webhooks(request):
    form = WebhookForm(request.POST or None)
    return _create(request, form, services.register_webhook, form_name="form", made_name="created")


@admin
@require_POST
def create_client(request):
    form = ClientForm(request.POST)
    return _create(
        request, form, services.create_client, form_name="client_form", made_name="new_client"
    )


@admin
@require_POST
def rotate_client(request, pk: int):
    client = get_object_or_404(ApiClient, pk=pk, revoked_at__isnull=True)
    return _page(request, new_client=services.rotate_client_secret(by=request.user, client=client))


@admin
@require_POST
def revoke_client(request, pk: int):
    client = get_object_or_404(ApiClient, pk=pk, revoked_at__isnull=True)
    services.revoke_client(by=request.user, client=client)
    messages.success(request, _("Systemets tilgang er trukket tilbake."))
    return redirect("integrations:webhooks")


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
    attempt(
        request,
        lambda: services.replay_delivery(by=request.user, delivery=delivery),
        _("Hendelsen sendes på nytt."),
    )
    return redirect("integrations:webhook", pk=delivery.webhook_id)

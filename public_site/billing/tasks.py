"""Billing's worker tasks: start and stop subscriptions, process a Stripe webhook, dunning,
and a leaving municipality's export and removal."""

from django.core.mail import send_mail

from fritt.accounts.models import RoleAssignment
from fritt.accounts.roles import Role
from fritt.celery_app import app
from tenants.municipalities.models import Municipality

from . import dunning, leaving, subscriptions
from .models import Invoice


@app.task
def start_subscription_task(municipality_id: int, invoice_reference: str) -> str:
    municipality = Municipality.registry.get(pk=municipality_id)
    subscription = subscriptions.start_subscription(
        municipality=municipality, invoice_reference=invoice_reference
    )
    return subscription.stripe_subscription_id if subscription else ""


@app.task
def cancel_subscription_task(municipality_id: int) -> str:
    municipality = Municipality.registry.get(pk=municipality_id)
    subscription = subscriptions.cancel_subscription(municipality=municipality)
    return subscription.status if subscription else ""


@app.task
def export_departure_task(departure_id: int) -> str:
    return leaving.produce_export(departure_id=departure_id).export_sha256


@app.task
def remove_departed_task() -> list[str]:
    return leaving.remove_departed()


@app.task
def process_webhook_task(event_id: str) -> None:
    subscriptions.process_webhook(event_id=event_id)


@app.task
def run_dunning_task() -> dict[str, int]:
    return dunning.run_dunning()


@app.task
def send_reminder_task(invoice_id: int) -> int:
    """A reminder to the municipality's administrators (the invoice's own contact is them)."""
    invoice = Invoice.objects.select_related("municipality").get(pk=invoice_id)
    emails = sorted(
        RoleAssignment.objects.filter(
            municipality=invoice.municipality, role=Role.MUNICIPAL_ADMIN
        ).values_list("user__email", flat=True)
    )
    if not emails:
        return 0
    return send_mail(
        f"Purring: faktura {invoice.number} fra Fritt brukervalg",
        f"Fakturaen {invoice.number} forfalt {invoice.due_date:%d.%m.%Y} og er ikke betalt. "
        f"Betal til konto med KID {invoice.kid}. Etter fristen blir kommunens nettsted "
        "skrivebeskyttet til betalingen er mottatt; ingenting slettes.",
        None,
        emails,
    )

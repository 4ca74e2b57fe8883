"""Stripe as the subscription and invoice engine: customers, subscriptions priced by population
band, and webhooks (verified, recorded once by event id, processed by the worker re-reading the
object from Stripe, so duplicates and any arrival order end in the same state)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from fritt.celery_app import send_after_commit
from fritt.events.services import record
from tenants.municipalities.models import Municipality

from .invoicing import LineInput, create_invoice, mark_paid
from .models import Invoice, InvoiceStatus, Subscription, WebhookEvent


def billing_enabled() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


def _stripe():
    """The Stripe module, configured from settings at call time (tests point it elsewhere)."""
    stripe.api_key = settings.STRIPE_SECRET_KEY
    stripe.api_base = settings.STRIPE_API_BASE or "https://api.stripe.com"
    return stripe


def band_for(population: int) -> tuple[int, int]:
    """(band number from 1, annual price in NOK excluding VAT) by the configured table."""
    for index, (limit, price) in enumerate(settings.BILLING_PRICE_TABLE, start=1):
        if limit is None or population <= limit:
            return index, price
    raise ValueError("the price table needs a last row for everyone ('*:<price>')")


def _plan(*, band: int, annual_price: int, interval: str) -> str:
    """The Stripe plan of a band and interval, created the first time it is needed."""
    client = _stripe()
    plan_id = f"fritt-band{band}-{annual_price}-{interval}"
    amount_ore = annual_price * 100 if interval == "year" else round(annual_price * 100 / 12)
    try:
        client.Plan.retrieve(plan_id)
    except stripe.InvalidRequestError:
        product = client.Product.create(name=f"Fritt brukervalg, prisgruppe {band}")
        client.Plan.create(
            id=plan_id, product=product.id, amount=amount_ore, currency="nok", interval=interval
        )
    return plan_id


def start_subscription(
    *, municipality: Municipality, invoice_reference: str, interval: str | None = None
) -> Subscription | None:
    """Customer and subscription in Stripe, with the trial period; None when billing is off.
    Idempotent: a municipality that has one keeps it."""
    if not billing_enabled():
        return None
    existing = Subscription.objects.filter(municipality=municipality).first()
    if existing is not None:
        return existing
    interval = interval or settings.BILLING_INTERVAL
    band, annual_price = band_for(municipality.population)
    plan_id = _plan(band=band, annual_price=annual_price, interval=interval)
    client = _stripe()
    metadata = {"kommunenummer": municipality.kommunenummer, "orgnr": municipality.orgnr}
    customer = client.Customer.create(name=municipality.display_name, metadata=metadata)
    trial = {}
    if settings.BILLING_TRIAL_DAYS > 0:
        # An explicit end (rather than trial_period_days) that Stripe and localstripe both keep.
        ends = timezone.now() + datetime.timedelta(days=settings.BILLING_TRIAL_DAYS)
        trial = {"trial_end": int(ends.timestamp())}
    stripe_subscription = client.Subscription.create(
        customer=customer.id,
        items=[{"plan": plan_id}],
        proration_behavior="create_prorations",
        metadata=metadata,
        **trial,
    )
    trial_end = getattr(stripe_subscription, "trial_end", None)
    with transaction.atomic():
        subscription = Subscription.objects.create(
            municipality=municipality,
            stripe_customer_id=customer.id,
            stripe_subscription_id=stripe_subscription.id,
            plan_id=plan_id,
            interval=interval,
            annual_price=annual_price,
            status=stripe_subscription.status,
            invoice_reference=invoice_reference,
            trial_end=_date(trial_end) if trial_end else None,
        )
        record(
            action="subscription.started",
            subject=subscription,
            data={
                "municipality": municipality.kommunenummer,
                "plan": plan_id,
                "trial_end": subscription.trial_end.isoformat() if trial_end else None,
            },
        )
        # The first invoice at go-live: without a trial Stripe bills the first period now, and
        # it becomes the platform's invoice (with its EHF) at once rather than at the webhook.
        # A trial's first invoice is zero and makes none; the first real one ends the trial.
        first_invoice = getattr(stripe_subscription, "latest_invoice", None)
        if first_invoice:
            sync_invoice(stripe_invoice_id=first_invoice)
    return subscription


def _item_id(stripe_subscription) -> str:
    return stripe_subscription["items"]["data"][0]["id"]


@transaction.atomic
def change_plan(*, subscription: Subscription, interval: str | None = None) -> Subscription:
    """Move the subscription to the plan of its band (by today's population) and `interval`
    (default: unchanged). Stripe prorates (its default, `create_prorations`): the unused part
    of the old plan is credited and the new one charged from today; a change of interval
    starts a new period and bills it now."""
    interval = interval or subscription.interval
    if interval not in ("year", "month"):
        raise ValueError(interval)
    band, annual_price = band_for(subscription.municipality.population)
    plan_id = _plan(band=band, annual_price=annual_price, interval=interval)
    if plan_id == subscription.plan_id:
        return subscription
    client = _stripe()
    current = client.Subscription.retrieve(subscription.stripe_subscription_id)
    updated = client.Subscription.modify(
        subscription.stripe_subscription_id,
        items=[{"id": _item_id(current), "plan": plan_id}],
    )
    old = subscription.plan_id
    subscription.plan_id = plan_id
    subscription.interval = interval
    subscription.annual_price = annual_price
    subscription.status = updated.status
    subscription.save(update_fields=["plan_id", "interval", "annual_price", "status", "updated_at"])
    record(
        action="subscription.plan_changed",
        subject=subscription,
        data={"from": old, "to": plan_id, "interval": interval},
    )
    # The prorated invoice Stripe makes for the change arrives as a webhook like any other.
    return subscription


def reprice_all() -> int:
    """After the registry's populations change: every subscription whose band moved gets the
    plan of its new band (prorated). Returns how many changed."""
    changed = 0
    for subscription in Subscription.objects.filter(ended_at__isnull=True).select_related(
        "municipality"
    ):
        before = subscription.plan_id
        if change_plan(subscription=subscription).plan_id != before:
            changed += 1
    return changed


@transaction.atomic
def cancel_subscription(*, municipality: Municipality) -> Subscription | None:
    """The municipality left: Stripe stops the subscription now (no further invoices); open
    invoices stay to be paid."""
    subscription = (
        Subscription.objects.select_for_update().filter(municipality=municipality).first()
    )
    if subscription is None or subscription.ended_at is not None or not billing_enabled():
        return subscription
    cancelled = _stripe().Subscription.cancel(subscription.stripe_subscription_id)
    subscription.status = cancelled.status
    subscription.ended_at = timezone.now()
    subscription.save(update_fields=["status", "ended_at", "updated_at"])
    record(
        action="subscription.cancelled",
        subject=subscription,
        data={"municipality": municipality.kommunenummer},
    )
    return subscription


def pay_out_of_band(*, stripe_invoice_id: str) -> None:
    """Tell Stripe the invoice was paid by bank transfer (KID), so it stops collecting."""
    if billing_enabled():
        _stripe().Invoice.pay(stripe_invoice_id, paid_out_of_band=True)


# --- Webhooks ------------------------------------------------------------------------------


def verify_webhook(*, payload: bytes, signature: str | None):
    """The event, if Stripe signed this raw body with our secret; raises otherwise
    (`stripe.SignatureVerificationError`, or ValueError for a body that is not JSON)."""
    return stripe.Webhook.construct_event(
        payload.decode("utf-8"), signature, settings.STRIPE_WEBHOOK_SECRET
    )


def receive_webhook(*, event_id: str, type: str, object_id: str) -> bool:
    """Record the event by its id; the worker processes it after commit. False for a
    duplicate delivery, which changes nothing."""
    from .tasks import process_webhook_task

    try:
        with transaction.atomic():
            WebhookEvent.objects.create(event_id=event_id, type=type, object_id=object_id)
            send_after_commit(process_webhook_task, event_id)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def process_webhook(*, event_id: str) -> None:
    """Act on one recorded event, once, by re-reading its object from Stripe."""
    event = WebhookEvent.objects.select_for_update().get(event_id=event_id)
    if event.processed_at is not None:
        return
    if event.type.startswith("invoice."):
        sync_invoice(stripe_invoice_id=event.object_id)
    elif event.type.startswith("customer.subscription."):
        sync_subscription(stripe_subscription_id=event.object_id)
    event.processed_at = timezone.now()
    event.save(update_fields=["processed_at"])


def sync_subscription(*, stripe_subscription_id: str) -> Subscription | None:
    subscription = (
        Subscription.objects.select_for_update()
        .filter(stripe_subscription_id=stripe_subscription_id)
        .first()
    )
    if subscription is None:
        return None
    status = _stripe().Subscription.retrieve(stripe_subscription_id).status
    if status != subscription.status:
        subscription.status = status
        subscription.save(update_fields=["status", "updated_at"])
        record(action="subscription.changed", subject=subscription, data={"status": status})
    return subscription


def _date(timestamp: int | None) -> datetime.date:
    return datetime.datetime.fromtimestamp(timestamp or 0, tz=datetime.UTC).date()


def sync_invoice(*, stripe_invoice_id: str) -> Invoice | None:
    """Make the platform's invoice (with its EHF) match Stripe's: created once it is final
    (open or paid), paid when Stripe says paid, void when voided. Zero invoices (a trial) have
    no EHF."""
    stripe_invoice = _stripe().Invoice.retrieve(stripe_invoice_id)
    subscription = Subscription.objects.filter(stripe_customer_id=stripe_invoice.customer).first()
    if subscription is None or stripe_invoice.status == "draft" or not stripe_invoice.total:
        return None
    invoice = (
        Invoice.objects.select_for_update().filter(stripe_invoice_id=stripe_invoice_id).first()
    )
    if invoice is None:
        invoice = create_invoice(
            municipality=subscription.municipality,
            buyer_reference=subscription.invoice_reference,
            stripe_invoice_id=stripe_invoice_id,
            lines=[
                LineInput(
                    description=line.description or "Abonnement Fritt brukervalg",
                    unit_price=Decimal(line.amount) / 100,
                    period_start=_date(line.period.start),
                    period_end=_date(line.period.end),
                )
                for line in stripe_invoice.lines.data
            ],
        )
    if stripe_invoice.status == "paid":
        invoice = mark_paid(invoice=invoice)
    elif stripe_invoice.status == "void" and invoice.status != InvoiceStatus.VOID:
        invoice.status = InvoiceStatus.VOID
        invoice.save(update_fields=["status"])
        record(action="invoice.voided", subject=invoice, data={"number": invoice.number})
    return invoice

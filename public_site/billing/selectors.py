"""Reads about the municipality as a customer: join requests, who may still join, the
subscription, invoices and departures."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from tenants.municipalities.models import Lifecycle, Municipality, SpareSchema
from tenants.municipalities.pool import migrations_fingerprint

from .models import Departure, Invoice, InvoiceStatus, JoinRequest, JoinStatus, Subscription


def pending_join_requests() -> QuerySet[JoinRequest]:
    return (
        JoinRequest.objects.filter(status=JoinStatus.PENDING)
        .select_related("municipality")
        .prefetch_related("services", "agreements")
    )


def joinable_municipalities() -> QuerySet[Municipality]:
    """Registered but not on the platform, without a pending request."""
    return (
        Municipality.registry.filter(lifecycle=Lifecycle.REGISTERED)
        .exclude(join_requests__status=JoinStatus.PENDING)
        .order_by("name_norwegian")
    )


@dataclass(frozen=True)
class BillingOverview:
    enabled: bool
    spares: int
    subscriptions: dict[str, int]
    monthly_revenue: int
    overdue: list[Invoice]
    departures: list[Departure]


def billing_overview() -> BillingOverview:
    """What the operator sees in /drift/: billing on or off, the pool, subscriptions by status,
    recurring revenue per month (NOK excl. VAT) and invoices past due."""
    live = Subscription.objects.filter(status__in=["active", "trialing", "past_due"])
    return BillingOverview(
        enabled=bool(settings.STRIPE_SECRET_KEY),
        spares=SpareSchema.objects.filter(migrations=migrations_fingerprint()).count(),
        subscriptions=dict(
            Subscription.objects.values_list("status").annotate(n=Count("pk")).order_by("status")
        ),
        monthly_revenue=round((live.aggregate(total=Sum("annual_price"))["total"] or 0) / 12),
        overdue=list(
            Invoice.objects.filter(status=InvoiceStatus.OPEN, due_date__lt=timezone.localdate())
            .select_related("municipality")
            .order_by("due_date")[:50]
        ),
        departures=list(recent_departures()[:50]),
    )


def recent_departures() -> QuerySet[Departure]:
    """Municipalities that left: waiting for removal first (soonest first), then removed."""
    return Departure.objects.select_related("municipality").order_by("removed_at", "remove_after")


def subscription_of(municipality: Municipality) -> Subscription | None:
    return Subscription.objects.filter(municipality=municipality).first()


def open_departure_of(municipality: Municipality) -> Departure | None:
    """The municipality's departure whose data is not removed yet, if it is leaving."""
    return Departure.objects.filter(municipality=municipality, removed_at__isnull=True).first()


def invoices_of(municipality: Municipality) -> QuerySet[Invoice]:
    return Invoice.objects.filter(municipality=municipality).prefetch_related("lines")

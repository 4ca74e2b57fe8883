"""Reads about the municipality as a customer: pending join requests, who may still join."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet

from tenants.municipalities.models import Lifecycle, Municipality, SpareSchema
from tenants.municipalities.pool import migrations_fingerprint

from .models import Invoice, JoinRequest, JoinStatus


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


def billing_overview() -> BillingOverview:
    return BillingOverview(
        enabled=bool(settings.STRIPE_SECRET_KEY),
        spares=SpareSchema.objects.filter(migrations=migrations_fingerprint()).count(),
    )


def invoices_of(municipality: Municipality) -> QuerySet[Invoice]:
    return Invoice.objects.filter(municipality=municipality).prefetch_related("lines")

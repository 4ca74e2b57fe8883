"""Dunning: reminders for an unpaid invoice past its due date, then the municipality's site
becomes read-only (suspended) after the grace period; a payment restores it at once.
Nothing is deleted at any step."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fritt.celery_app import send_after_commit
from fritt.events.services import record
from tenants.municipalities.models import Lifecycle, Municipality
from tenants.municipalities.provisioning import set_lifecycle

from .models import Invoice, InvoiceStatus


def _overdue(municipality: Municipality, *, today: datetime.date, days: int = 0):
    return Invoice.objects.filter(
        municipality=municipality,
        status=InvoiceStatus.OPEN,
        due_date__lt=today - datetime.timedelta(days=days),
    )


@transaction.atomic
def run_dunning(*, today: datetime.date | None = None) -> dict[str, int]:
    """Send the reminders that are due and suspend municipalities past the grace period.
    Idempotent: run it as often as you like (beat runs it daily)."""
    from .tasks import send_reminder_task

    today = today or timezone.localdate()
    reminders = suspended = 0
    steps = sorted(settings.BILLING_REMINDER_DAYS)
    for invoice in (
        Invoice.objects.select_for_update()
        .filter(status=InvoiceStatus.OPEN, due_date__lt=today)
        .select_related("municipality")
    ):
        days_late = (today - invoice.due_date).days
        due_steps = sum(1 for step in steps if days_late >= step)
        if due_steps > invoice.reminders_sent:
            invoice.reminders_sent = due_steps
            invoice.save(update_fields=["reminders_sent"])
            record(
                action="invoice.reminded",
                subject=invoice,
                data={"number": invoice.number, "reminder": due_steps, "days_late": days_late},
            )
            send_after_commit(send_reminder_task, invoice.pk)
            reminders += 1
        municipality = invoice.municipality
        if days_late > settings.BILLING_GRACE_DAYS and municipality.lifecycle == Lifecycle.ACTIVE:
            set_lifecycle(municipality=municipality, lifecycle=Lifecycle.SUSPENDED)
            record(
                action="municipality.suspended",
                subject=("municipalities.municipality", municipality.pk),
                data={"invoice": invoice.number, "days_late": days_late},
            )
            suspended += 1
    return {"reminders": reminders, "suspended": suspended}


def restore_if_paid(*, municipality: Municipality, today: datetime.date | None = None) -> bool:
    """Reopen a suspended municipality once nothing is overdue past the grace period."""
    today = today or timezone.localdate()
    if not municipality.is_suspended:
        return False
    if _overdue(municipality, today=today, days=settings.BILLING_GRACE_DAYS).exists():
        return False
    set_lifecycle(municipality=municipality, lifecycle=Lifecycle.ACTIVE)
    record(
        action="municipality.restored",
        subject=("municipalities.municipality", municipality.pk),
        data={"reason": "paid"},
    )
    return True

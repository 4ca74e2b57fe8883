"""The worker's side of webhooks: dispatch after commit, deliver with retries, sweep."""

from fritt.celery_app import app
from fritt.tenancy.schemas import each_municipality

from . import services
from .models import Delivery


@app.task
def dispatch() -> int:
    """Sent after a transaction that recorded events commits, in its municipality's schema."""
    return len(services.dispatch_events())


@app.task
def deliver(delivery_id: int) -> str | None:
    delivery = Delivery.objects.select_related("webhook", "event").filter(pk=delivery_id).first()
    if delivery is None:
        return None
    return services.attempt_delivery(delivery=delivery).status


@app.task
def dispatch_everywhere() -> dict[str, int]:
    """Beat, from the public schema: each municipality's dispatcher and overdue deliveries."""
    done = {}
    for municipality in each_municipality():
        done[municipality.schema_name] = len(services.dispatch_events())
        services.resend_overdue()
    return done


@app.task
def purge_idempotency_keys() -> int:
    """Beat, from the public schema: every municipality's Idempotency-Key records older than
    FRITT_IDEMPOTENCY_KEEP_HOURS."""
    return sum(services.purge_idempotent_requests() for _ in each_municipality())

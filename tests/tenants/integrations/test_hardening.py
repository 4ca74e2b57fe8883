"""Small guards around the integrations: webhook addresses in private networks are refused in
production (and never called), Idempotency-Key records go after a day, and a municipality
without webhooks never queues the dispatch task."""

import datetime

from django.utils import timezone
from django_tenants.utils import tenant_context

from fritt.events.services import record
from tenants.integrations import services, tasks
from tenants.integrations.models import Delivery, IdempotentRequest, Webhook
from tests.factories import refused


def test_private_and_loopback_webhook_addresses_are_refused_in_production(
    bergen, admin, settings, receiver
):
    settings.FRITT_WEBHOOK_ALLOW_PRIVATE = False
    with tenant_context(bergen):
        for url in ("https://127.0.0.1/hook", "https://10.1.2.3/hook", "https://[::1]/hook",
                    "https://169.254.169.254/latest", "https://localhost/hook"):  # fmt: skip
            with refused("private_webhook_url"):
                services.register_webhook(by=admin, url=url)
        assert services.register_webhook(by=admin, url="https://93.184.216.34/hook").active
        # One registered while allowed is not called once production refuses it.
        settings.FRITT_WEBHOOK_ALLOW_PRIVATE = True
        webhook = services.register_webhook(by=admin, url=receiver.url)
        settings.FRITT_WEBHOOK_ALLOW_PRIVATE = False
        event = record(action="test.happened", subject=("test.thing", 1), by=admin)
        delivery = Delivery.objects.create(webhook=webhook, event=event)
        done = services.attempt_delivery(delivery=delivery)
        assert done.last_error == "private address" and done.status == "retrying"
        assert receiver.received == []


def test_idempotency_records_are_purged_after_a_day(bergen, admin):
    with tenant_context(bergen):
        old = IdempotentRequest.objects.create(
            user_id=admin.pk, key="old", fingerprint="x", status_code=201, resource_id=1,
            created_at=timezone.now() - datetime.timedelta(hours=25),
        )  # fmt: skip
        fresh = IdempotentRequest.objects.create(
            user_id=admin.pk, key="new", fingerprint="x", status_code=201, resource_id=2
        )
    assert tasks.purge_idempotency_keys() >= 1
    with tenant_context(bergen):
        kept = set(IdempotentRequest.objects.values_list("pk", flat=True))
        assert old.pk not in kept and fresh.pk in kept


def test_the_dispatch_task_is_queued_only_with_an_active_webhook(
    bergen, trondheim, admin, django_capture_on_commit_callbacks
):
    def dispatchers():
        with django_capture_on_commit_callbacks() as callbacks:
            record(action="test.happened", subject=("test.thing", 1), by=admin)
            record(action="test.happened", subject=("test.thing", 2), by=admin)
        return [c.__name__ for c in callbacks if hasattr(c, "dispatches_schema")]

    with tenant_context(bergen):
        assert dispatchers() == ["nothing"]  # asked once, nothing queued
    with tenant_context(trondheim):
        Webhook.objects.create(url="https://example.org/hook", secret="s")
        assert dispatchers() == ["send"]

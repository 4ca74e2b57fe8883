"""Webhooks through the real worker: a change committed in Bergen is dispatched after commit,
delivered signed to a receiver on loopback, retried after a failure, and never sent to
Trondheim's webhook."""

import pytest
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from fritt.events.models import Event
from tenants.integrations import signing
from tenants.integrations.models import Webhook
from tenants.municipalities.models import Municipality
from tenants.zones import services as zones
from tenants.zones.models import Zone
from tests.factories import WebhookReceiver, make_user, site_client, wait_for

pytestmark = pytest.mark.worker


@pytest.fixture
def quick_webhooks(monkeypatch, settings):
    """A short settle window and backoff, for this process and the worker it starts."""
    monkeypatch.setenv("FRITT_EVENT_FEED_SETTLE_SECONDS", "1")
    monkeypatch.setenv("FRITT_WEBHOOK_RETRY_BASE_SECONDS", "1")
    settings.FRITT_EVENT_FEED_SETTLE_SECONDS = 1


def test_a_change_is_delivered_by_the_worker_signed_and_retried(
    quick_webhooks, celery_worker_process
):
    bergen = Municipality.objects.get(kommunenummer="4601")
    trondheim = Municipality.objects.get(kommunenummer="5001")
    ours, theirs = WebhookReceiver(answers=[500]), WebhookReceiver()
    marks = {}
    for m in (bergen, trondheim):
        with tenant_context(m):
            marks[m.pk] = Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    try:
        admin = make_user(Role.MUNICIPAL_ADMIN, municipality=bergen)
        page = site_client("bergen", admin).post("/ansatt/integrasjoner/", {"url": ours.url})
        assert page.status_code == 200
        other_admin = make_user(Role.MUNICIPAL_ADMIN, municipality=trondheim)
        site_client("trondheim", other_admin).post("/ansatt/integrasjoner/", {"url": theirs.url})
        with tenant_context(bergen):
            secret = Webhook.objects.get(url=ours.url).secret
        # A state change in Bergen, committed: the worker dispatches and delivers it.
        with tenant_context(bergen):
            zone = zones.create_zone(name="Webhook-sonen")

        def delivered():
            got = [r for r in ours.received if b'"zone.created"' in r["body"]]
            return got if any(r["answered"] == 200 for r in got) else None

        got = wait_for(delivered, timeout=60, message="the worker never delivered zone.created")
        registered = [r for r in ours.received if b"webhook.registered" in r["body"]]
        # The first attempt was answered 500 and retried with backoff.
        assert [r["answered"] for r in ours.received][:2] == [500, 200]
        assert registered
        for request in got:
            header = request["headers"][signing.SIGNATURE_HEADER]
            assert signing.verify(secret=secret, header=header, body=request["body"])
        assert str(zone.pk).encode() in got[-1]["body"]
        assert not any(b"zone.created" in r["body"] for r in theirs.received)
    finally:
        ours.close()
        theirs.close()
        for m in (bergen, trondheim):
            with tenant_context(m):
                Webhook.objects.all().delete()
                Zone.objects.filter(name="Webhook-sonen").delete()
                Event.objects.filter(pk__gt=marks[m.pk]).delete()

"""Webhooks: registered by the municipal admin (page and API), signed deliveries to a real
receiver on loopback, retried with backoff after a failure, logged, replayable, and never for
another municipality."""

import json
import time

import pytest
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from tenants.integrations import services, signing
from tenants.integrations.models import Delivery, DeliveryStatus, Webhook
from tests.factories import WebhookReceiver, make_user, new_recipient, refused, site_client


def test_a_signature_holds_only_for_its_body_secret_and_time():
    body = b'{"id":1}'
    header = signing.sign(secret="s1", body=body)
    assert signing.verify(secret="s1", header=header, body=body)
    assert not signing.verify(secret="s2", header=header, body=body)
    assert not signing.verify(secret="s1", header=header, body=b'{"id":2}')
    old = signing.sign(secret="s1", body=body, timestamp=int(time.time()) - 301)
    assert not signing.verify(secret="s1", header=old, body=body)  # a replay, too late
    assert not signing.verify(secret="s1", header="garbage", body=body)


def test_the_admin_registers_a_webhook_on_the_page_and_sees_the_secret_once(bergen, admin):
    client = site_client("bergen", admin)
    page = client.post(
        "/ansatt/integrasjoner/",
        {"url": "https://gerica.bergen.example/fritt", "description": "Gerica"},
    )
    assert page.status_code == 200
    with tenant_context(bergen):
        webhook = Webhook.objects.get()
    assert webhook.secret in page.content.decode()
    listing = client.get("/ansatt/integrasjoner/").content.decode()
    assert "gerica.bergen.example" in listing and webhook.secret not in listing
    again = client.post("/ansatt/integrasjoner/", {"url": "https://gerica.bergen.example/fritt"})
    assert "allerede registrert" in again.content.decode()  # shown on the form
    assert client.post(f"/ansatt/integrasjoner/{webhook.pk}/slaa-av/").status_code == 302
    with tenant_context(bergen):
        webhook.refresh_from_db()
        assert not webhook.active


def test_only_the_municipal_admin_manages_webhooks(bergen, admin, case_worker):
    assert site_client("bergen", case_worker).get("/ansatt/integrasjoner/").status_code == 403
    api = site_client("bergen", case_worker).post(
        "/api/v1/webhooker/", {"url": "https://x.example/"}, content_type="application/json"
    )
    assert api.status_code == 403


def test_the_admin_registers_and_removes_a_webhook_through_the_api(bergen, admin):
    client = site_client("bergen", admin)
    created = client.post(
        "/api/v1/webhooker/", {"url": "https://visma.bergen.example/hook"},
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["secret"].startswith("whsec_")
    read = client.get(f"/api/v1/webhooker/{body['id']}/").json()
    assert read["secret"] is None and read["active"] is True
    bad = client.post("/api/v1/webhooker/", {"url": "ftp://x"}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["code"] == "bad_webhook_url"
    assert client.delete(f"/api/v1/webhooker/{body['id']}/").status_code == 204
    assert client.get(f"/api/v1/webhooker/{body['id']}/").json()["active"] is False


def test_production_refuses_plain_http(bergen, admin, settings):
    settings.FRITT_WEBHOOK_ALLOW_HTTP = False
    with tenant_context(bergen), refused("insecure_webhook_url"):
        services.register_webhook(by=admin, url="http://gerica.bergen.example/")


def test_an_event_is_delivered_signed_retried_after_a_failure_and_logged(
    bergen, admin, case_worker, receiver, settings
):
    settings.FRITT_WEBHOOK_RETRY_BASE_SECONDS = 30
    receiver.answers = [500]  # the first attempt fails, the retry succeeds
    with tenant_context(bergen):
        webhook = services.register_webhook(by=admin, url=receiver.url)
        recipient = new_recipient(case_worker, name="Ingrid Hook")
        services.dispatch_events()
        delivery = Delivery.objects.get(webhook=webhook, event__action="recipient.registered")
        first = services.attempt_delivery(delivery=delivery)
        assert first.status == DeliveryStatus.RETRYING and first.response_status == 500
        assert 25 <= (first.next_attempt_at - first.last_attempt_at).total_seconds() <= 35
        second = services.attempt_delivery(delivery=first)
        assert second.status == DeliveryStatus.DELIVERED and second.attempts == 2
        # A second dispatch makes no second delivery of the same event.
        assert services.dispatch_events() == []
    ours = [r for r in receiver.received if b"recipient.registered" in r["body"]]
    assert [r["answered"] for r in ours] == [500, 200]
    for got in ours:
        header = got["headers"][signing.SIGNATURE_HEADER]
        assert signing.verify(secret=webhook.secret, header=header, body=got["body"])
    payload = json.loads(ours[-1]["body"])
    assert payload["subject"] == {"type": "recipients.recipient", "id": str(recipient.pk)}
    assert payload["kommunenummer"] == "4601"
    assert b"Ingrid" not in ours[-1]["body"]
    log = site_client("bergen", admin).get(f"/ansatt/integrasjoner/{webhook.pk}/")
    assert "recipient.registered" in log.content.decode()


def test_backoff_doubles_and_the_attempts_run_out(bergen, admin, case_worker, settings):
    settings.FRITT_WEBHOOK_RETRY_BASE_SECONDS = 10
    settings.FRITT_WEBHOOK_MAX_ATTEMPTS = 2
    assert [services.backoff_seconds(n) for n in (1, 2, 3)] == [10, 20, 40]
    closed = WebhookReceiver()
    closed.close()  # nothing listens there any more: the connection is refused
    with tenant_context(bergen):
        services.register_webhook(by=admin, url=closed.url)
        new_recipient(case_worker)
        services.dispatch_events()
        delivery = Delivery.objects.filter(event__action="recipient.registered").get()
        delivery = services.attempt_delivery(delivery=delivery)
        assert delivery.status == DeliveryStatus.RETRYING and delivery.last_error
        delivery = services.attempt_delivery(delivery=delivery)
        assert delivery.status == DeliveryStatus.FAILED and delivery.next_attempt_at is None


def test_the_admin_replays_a_delivery(bergen, admin, case_worker, receiver):
    with tenant_context(bergen):
        webhook = services.register_webhook(by=admin, url=receiver.url)
        new_recipient(case_worker)
        services.dispatch_events()
        delivery = Delivery.objects.filter(webhook=webhook).first()
        services.attempt_delivery(delivery=delivery)
    response = site_client("bergen", admin).post(
        f"/ansatt/integrasjoner/leveringer/{delivery.pk}/send-igjen/"
    )
    assert response.status_code == 302
    with tenant_context(bergen):
        delivery.refresh_from_db()
        assert delivery.status == DeliveryStatus.PENDING
        services.deactivate_webhook(by=admin, webhook=webhook)
        delivery.refresh_from_db()
        with refused("webhook_inactive"):
            services.replay_delivery(by=admin, delivery=delivery)


def test_never_delivered_for_another_municipality(bergen, trondheim, admin, case_worker):
    trondheim_admin = make_user(Role.MUNICIPAL_ADMIN, municipality=trondheim)
    with tenant_context(trondheim):
        theirs = services.register_webhook(by=trondheim_admin, url="https://t.example/hook")
    with tenant_context(bergen):
        new_recipient(case_worker)
        services.dispatch_events()
    with tenant_context(trondheim):
        services.dispatch_events()
        actions = set(
            Delivery.objects.filter(webhook=theirs).values_list("event__action", flat=True)
        )
    assert actions <= {"webhook.registered"}


@pytest.mark.parametrize("path", ["/ansatt/integrasjoner/999999/"])
def test_unknown_webhooks_are_404(bergen, admin, path):
    assert site_client("bergen", admin).get(path).status_code == 404

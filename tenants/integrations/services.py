"""Registering webhooks, turning the event feed into deliveries, and sending them (signed,
retried with backoff, replayable from the log)."""

from __future__ import annotations

import datetime
import hmac
import ipaddress
import json
import secrets
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fritt.accounts.models import User
from fritt.accounts.roles import Role
from fritt.accounts.services import assign_role, create_user
from fritt.celery_app import send_after_commit
from fritt.errors import DomainError
from fritt.events.models import Event
from fritt.events.services import state_change
from fritt.tenancy.schemas import current_municipality

from . import selectors, signing
from .errors import IntegrationError
from .models import (
    AccessToken,
    ApiClient,
    Delivery,
    DeliveryStatus,
    IdempotentRequest,
    Scope,
    Webhook,
)

MAX_WEBHOOKS = 10
DISPATCH_BATCH = 500
MAX_BACKOFF_SECONDS = 6 * 60 * 60


def _clean_url(url: str) -> str:
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname or len(url) > 500:
        raise DomainError(
            IntegrationError.BAD_URL, _("Oppgi en fullstendig adresse (https://…)."), field="url"
        )
    if parts.username or parts.password:
        raise DomainError(
            IntegrationError.BAD_URL,
            _("Adressen kan ikke inneholde brukernavn eller passord; signaturen autentiserer."),
            field="url",
        )
    if parts.scheme == "http" and not settings.FRITT_WEBHOOK_ALLOW_HTTP:
        raise DomainError(IntegrationError.INSECURE_URL, _("Adressen må bruke https."), field="url")
    if not settings.FRITT_WEBHOOK_ALLOW_PRIVATE and private_address(parts.hostname):
        raise DomainError(
            IntegrationError.PRIVATE_URL,
            _("Adressen peker til et privat eller internt nettverk; bruk en offentlig adresse."),
            field="url",
        )
    return url


def private_address(host: str) -> bool:
    """Whether the host is, or resolves to, an address that is not public (loopback,
    private, link-local, reserved): a webhook there would reach into our own network. A name
    that does not resolve counts as private: it cannot be checked."""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError, ValueError):
        return True
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global or ip.is_multicast:
            return True
    return not addresses


@state_change("webhook.registered")
@transaction.atomic
def register_webhook(*, by: User | None, url: str, description: str = "") -> Webhook:
    """A new webhook with a fresh signing secret; it receives events from now on (the feed
    has what came before)."""
    url = _clean_url(url)
    active = Webhook.objects.filter(active=True)
    if active.filter(url=url).exists():
        raise DomainError(
            IntegrationError.DUPLICATE_URL, _("Denne adressen er allerede registrert."),
            field="url",
        )  # fmt: skip
    if active.count() >= MAX_WEBHOOKS:
        raise DomainError(
            IntegrationError.TOO_MANY_WEBHOOKS,
            _("En kommune kan ha inntil %(max)s aktive webhooker.") % {"max": MAX_WEBHOOKS},
        )
    latest = Event.objects.order_by("-at", "-pk").first()
    return Webhook.objects.create(
        url=url,
        description=description.strip()[:200],
        secret="whsec_" + secrets.token_urlsafe(32),
        created_by=by,
        cursor_at=latest.at if latest else timezone.now(),
        cursor_event_id=latest.pk if latest else 0,
    )


@state_change("webhook.deactivated", subject="webhook")
@transaction.atomic
def deactivate_webhook(*, by: User | None, webhook: Webhook) -> Webhook:
    """Stop sending to the webhook; its delivery log stays readable."""
    webhook.active = False
    webhook.save(update_fields=["active"])
    return webhook


@state_change("webhook.delivery_replayed", subject="delivery")
@transaction.atomic
def replay_delivery(*, by: User | None, delivery: Delivery) -> Delivery:
    """Send a delivery again, whatever became of it (the receiver lost it, or gave up)."""
    if not delivery.webhook.active:
        raise DomainError(
            IntegrationError.WEBHOOK_INACTIVE, _("Webhooken er slått av og sender ikke lenger.")
        )
    delivery.status = DeliveryStatus.PENDING
    delivery.next_attempt_at = None
    delivery.save(update_fields=["status", "next_attempt_at"])
    _send(delivery.pk)
    return delivery


def _send(delivery_id: int, countdown: float = 0) -> None:
    from . import tasks  # tasks call these services; imported here to avoid a cycle

    if countdown:
        from django.db import connection

        schema = connection.schema_name
        transaction.on_commit(
            lambda: tasks.deliver.apply_async(
                (delivery_id,), countdown=countdown, headers={"_schema_name": schema}
            )
        )
    else:
        send_after_commit(tasks.deliver, delivery_id)


@transaction.atomic
def dispatch_events() -> list[int]:
    """Turn the events past each active webhook's cursor into deliveries, and send each one
    after commit. Returns the new deliveries' ids."""
    created: list[int] = []
    # skip_locked: a dispatcher already at work on a webhook does its share; never twice.
    for webhook in Webhook.objects.select_for_update(skip_locked=True).filter(active=True):
        start = (
            selectors.Cursor(webhook.cursor_at, webhook.cursor_event_id)
            if webhook.cursor_at
            else None
        )
        cursor = start
        while True:
            events = selectors.events_after(cursor, limit=DISPATCH_BATCH)
            for event in events:
                delivery, made = Delivery.objects.get_or_create(webhook=webhook, event=event)
                if made:
                    created.append(delivery.pk)
            if not events:
                break
            cursor = selectors.Cursor.of(events[-1])
            if len(events) < DISPATCH_BATCH:
                break
        if cursor is not None and cursor != start:
            webhook.cursor_at, webhook.cursor_event_id = cursor.at, cursor.event_id
            webhook.save(update_fields=["cursor_at", "cursor_event_id"])
    for pk in created:
        _send(pk)
    return created


def backoff_seconds(attempts: int) -> float:
    """After the n-th failed attempt: base, 2×base, 4×base, … capped at six hours."""
    base = settings.FRITT_WEBHOOK_RETRY_BASE_SECONDS
    return min(base * 2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS)


def delivery_body(delivery: Delivery) -> bytes:
    payload = selectors.event_payload(delivery.event)
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def attempt_delivery(*, delivery: Delivery) -> Delivery:
    """POST the event to the webhook, signed, and write the outcome in the delivery log. A
    failure schedules the next attempt with backoff until the attempts run out.

    The request runs outside any transaction: a slow receiver must not hold database locks."""
    if delivery.status == DeliveryStatus.DELIVERED or not delivery.webhook.active:
        return delivery
    body = delivery_body(delivery)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Fritt-brukervalg-webhook/1",
        signing.SIGNATURE_HEADER: signing.sign(secret=delivery.webhook.secret, body=body),
        "Fritt-Hendelse-Id": str(delivery.event_id),
        "Fritt-Levering-Id": str(delivery.pk),
    }
    status_code, error = None, ""
    host = urlsplit(delivery.webhook.url).hostname or ""
    try:
        if not settings.FRITT_WEBHOOK_ALLOW_PRIVATE and private_address(host):
            # Checked again at each attempt: the name may point elsewhere since registration.
            raise requests.ConnectionError("private address")
        response = requests.post(
            delivery.webhook.url, data=body, headers=headers, allow_redirects=False,
            timeout=settings.FRITT_WEBHOOK_TIMEOUT_SECONDS,
        )  # fmt: skip
        status_code = response.status_code
        response.close()
        if not 200 <= status_code < 300:
            error = f"HTTP {status_code}"
    except requests.Timeout:
        error = "timeout"
    except requests.RequestException as exc:
        error = "private address" if str(exc) == "private address" else type(exc).__name__
    now = timezone.now()
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        delivery.attempts += 1
        delivery.last_attempt_at = now
        delivery.response_status = status_code
        delivery.last_error = error[:200]
        if not error:
            delivery.status = DeliveryStatus.DELIVERED
            delivery.delivered_at = now
            delivery.next_attempt_at = None
        elif delivery.attempts >= settings.FRITT_WEBHOOK_MAX_ATTEMPTS:
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
        else:
            wait = backoff_seconds(delivery.attempts)
            delivery.status = DeliveryStatus.RETRYING
            delivery.next_attempt_at = now + datetime.timedelta(seconds=wait)
            _send(delivery.pk, countdown=wait)
        delivery.save()
    return delivery


def resend_overdue() -> int:
    """Send again what a lost task left pending or overdue (the periodic sweep)."""
    overdue = list(
        selectors.due_deliveries(older_than=datetime.timedelta(minutes=5))
        .filter(webhook__active=True)
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        for pk in overdue:
            _send(pk)
    return len(overdue)


def purge_idempotent_requests() -> int:
    """Forget Idempotency-Key records older than FRITT_IDEMPOTENCY_KEEP_HOURS (a retry comes
    within minutes); returns how many went."""
    keep = datetime.timedelta(hours=float(settings.FRITT_IDEMPOTENCY_KEEP_HOURS))
    deleted, _kinds = IdempotentRequest.objects.filter(
        created_at__lt=timezone.now() - keep
    ).delete()
    return deleted


# --- Machine identity: OAuth 2.0 client credentials ------------------------------------------

ROTATION_OVERLAP = datetime.timedelta(hours=24)


_hash = selectors.hash_secret


def _clean_scopes(scopes) -> list[str]:
    chosen = sorted({str(s) for s in scopes or []})
    unknown = [s for s in chosen if s not in Scope.values]
    if unknown or not chosen:
        raise DomainError(
            IntegrationError.UNKNOWN_SCOPE,
            _("Velg én eller flere kjente tilganger (ukjent: %(scopes)s).")
            % {"scopes": ", ".join(unknown) or "–"},
            field="scopes",
        )
    return chosen


@state_change("api_client.created")
@transaction.atomic
def create_client(
    *, by: User | None, name: str, scopes: list[str], maskinporten_client_id: str = ""
) -> ApiClient:
    """A system of this municipality with its own user (a case worker with no password, named
    for the system) and a secret, readable once as `client.new_secret`. With a Maskinporten
    client id, the system may also come with Maskinporten tokens (limited to `scopes`)."""
    name = (name or "").strip()[:100]
    if not name:
        raise DomainError(IntegrationError.CLIENT_NAME, _("Gi systemet et navn."), field="name")
    scopes = _clean_scopes(scopes)
    maskinporten_client_id = (maskinporten_client_id or "").strip()[:100]
    if (
        maskinporten_client_id
        and ApiClient.objects.filter(
            maskinporten_client_id=maskinporten_client_id, revoked_at__isnull=True
        ).exists()
    ):
        raise DomainError(
            IntegrationError.MASKINPORTEN_TAKEN,
            _("Maskinporten-klienten er allerede koblet til et annet system."),
            field="maskinporten_client_id",
        )
    municipality = current_municipality()
    client_id = f"fbc_{secrets.token_hex(8)}"
    user = create_user(
        email=f"{client_id}@{municipality.slug}.system.invalid", full_name=f"System: {name}"
    )
    assign_role(user=user, role=Role.CASE_WORKER, municipality=municipality, created_by=by)
    secret = secrets.token_urlsafe(32)
    client = ApiClient.objects.create(
        name=name, client_id=client_id, secret_hash=_hash(secret), scopes=scopes, user=user,
        created_by=by, maskinporten_client_id=maskinporten_client_id,
    )  # fmt: skip
    client.new_secret = secret
    return client


@state_change("api_client.secret_rotated", subject="client")
@transaction.atomic
def rotate_client_secret(*, by: User | None, client: ApiClient) -> ApiClient:
    """A new secret; the old one keeps working for a day, so the system can switch over."""
    secret = secrets.token_urlsafe(32)
    client.previous_secret_hash = client.secret_hash
    client.previous_valid_until = timezone.now() + ROTATION_OVERLAP
    client.secret_hash = _hash(secret)
    client.save(update_fields=["secret_hash", "previous_secret_hash", "previous_valid_until"])
    client.new_secret = secret
    return client


@state_change("api_client.revoked", subject="client")
@transaction.atomic
def revoke_client(*, by: User | None, client: ApiClient) -> ApiClient:
    """The client stops at once: its tokens go, and its user can no longer act."""
    client.revoked_at = timezone.now()
    client.save(update_fields=["revoked_at"])
    client.tokens.all().delete()
    User.objects.filter(pk=client.user_id).update(is_active=False)
    return client


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    expires_in: int
    scopes: list[str]


def _client_for(client_id: str, client_secret: str) -> ApiClient:
    client = ApiClient.objects.filter(client_id=client_id, revoked_at__isnull=True).first()
    presented = _hash(client_secret or "")
    valid = client is not None and (
        hmac.compare_digest(client.secret_hash, presented)
        or (
            client.previous_secret_hash
            and client.previous_valid_until
            and client.previous_valid_until > timezone.now()
            and hmac.compare_digest(client.previous_secret_hash, presented)
        )
    )
    if not valid:
        raise DomainError(
            IntegrationError.INVALID_CLIENT, _("Ukjent klient eller feil hemmelighet.")
        )
    return client


@transaction.atomic
def issue_access_token(*, client_id: str, client_secret: str, scope: str = "") -> IssuedToken:
    """The token endpoint's grant: a short-lived bearer token for the requested scopes (all
    the client's when none is asked for), never more than the client holds."""
    client = _client_for(client_id, client_secret)
    asked = scope.split() if scope else list(client.scopes)
    if not set(asked) <= set(client.scopes):
        raise DomainError(
            IntegrationError.UNKNOWN_SCOPE, _("Klienten har ikke alle tilgangene det ble bedt om.")
        )
    lifetime = int(settings.FRITT_API_ACCESS_TOKEN_SECONDS)
    token = "fbm_" + secrets.token_urlsafe(32)
    now = timezone.now()
    AccessToken.objects.create(
        client=client, token_hash=_hash(token), scopes=sorted(asked), issued_at=now,
        expires_at=now + datetime.timedelta(seconds=lifetime),
    )  # fmt: skip
    AccessToken.objects.filter(client=client, expires_at__lt=now).delete()
    ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
    return IssuedToken(access_token=token, expires_in=lifetime, scopes=sorted(asked))

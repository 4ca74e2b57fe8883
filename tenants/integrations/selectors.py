"""Reading the municipality's event feed (ordered, at-least-once, by an opaque cursor) and its
webhooks' delivery log."""

from __future__ import annotations

import base64
import binascii
import datetime
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fritt.errors import DomainError
from fritt.events.models import Event
from fritt.tenancy.schemas import current_municipality

from .errors import IntegrationError
from .models import AccessToken, ApiClient, Delivery, Webhook


@dataclass(frozen=True)
class Cursor:
    """A position in the feed: after the event (`at`, `event_id`), in that order."""

    at: datetime.datetime
    event_id: int

    def encode(self) -> str:
        raw = json.dumps([self.at.isoformat(), self.event_id]).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> Cursor:
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            at, event_id = json.loads(raw)
            when = datetime.datetime.fromisoformat(at)
            if when.tzinfo is None or not isinstance(event_id, int) or event_id < 0:
                raise ValueError(text)
        except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as exc:
            raise DomainError(
                IntegrationError.BAD_CURSOR,
                _("Ukjent posisjon i hendelsesstrømmen; bruk «neste» fra et tidligere svar."),
                field="etter",
            ) from exc
        return cls(at=when, event_id=event_id)

    @classmethod
    def of(cls, event: Event) -> Cursor:
        return cls(at=event.at, event_id=event.pk)


def feed_horizon() -> datetime.datetime:
    """The moment before which every event is committed (or never will be).

    Events are read in (at, id) order, but a transaction commits after it stamped its events,
    so a reader could pass an event that is still invisible and never see it. The feed stops
    before the start of the oldest transaction that is still writing, and a few seconds before
    now (the settle window covers clock skew between app and database)."""
    settle = datetime.timedelta(seconds=settings.FRITT_EVENT_FEED_SETTLE_SECONDS)
    horizon = timezone.now() - settle
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT min(xact_start) FROM pg_stat_activity WHERE datname = current_database() "
            "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
        )
        (oldest,) = cursor.fetchone()
    return min(horizon, oldest) if oldest is not None else horizon


def events_after(cursor: Cursor | None, *, limit: int) -> list[Event]:
    """The next `limit` events after `cursor` (from the start when None), oldest first."""
    events = Event.objects.filter(at__lt=feed_horizon())
    if cursor is not None:
        events = events.filter(Q(at__gt=cursor.at) | Q(at=cursor.at, pk__gt=cursor.event_id))
    return list(events.order_by("at", "pk")[:limit])


def event_payload(event: Event) -> dict[str, Any]:
    """What the feed and the webhooks say about an event: ids and codes, never a name."""
    return {
        "id": event.pk,
        "type": event.action,
        "at": event.at.isoformat(),
        "kommunenummer": current_municipality().kommunenummer,
        "subject": {"type": event.subject_type, "id": event.subject_id},
        "actor": {"kind": event.actor_kind, "user_id": event.actor_id},
        "data": event.data,
    }


def has_active_webhook() -> bool:
    """Whether this municipality has a webhook to send events to (asked once per transaction
    that records events, before the dispatch task is queued)."""
    return Webhook.objects.filter(active=True).exists()


def webhooks() -> QuerySet[Webhook]:
    return Webhook.objects.all()


def clients() -> QuerySet[ApiClient]:
    return ApiClient.objects.all()


def deliveries_for(webhook: Webhook) -> QuerySet[Delivery]:
    return webhook.deliveries.select_related("event")


def due_deliveries(*, older_than: datetime.timedelta) -> QuerySet[Delivery]:
    """Deliveries whose retry is overdue by `older_than`: their task was lost (a restarted
    worker, a full broker) and the periodic sweep sends them again."""
    late = timezone.now() - older_than
    return Delivery.objects.filter(
        Q(status="pending", created_at__lt=late) | Q(status="retrying", next_attempt_at__lt=late)
    )


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_for(presented: str) -> AccessToken | None:
    """The unexpired token of an active client behind a presented bearer token."""
    found = (
        AccessToken.objects.select_related("client__user")
        .filter(token_hash=hash_secret(presented), client__revoked_at__isnull=True)
        .first()
    )
    if found is None or found.expires_at <= timezone.now() or not found.client.user.is_active:
        return None
    return found

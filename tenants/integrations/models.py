"""A municipality's webhooks and the log of every delivery to them (in its own schema, so a
webhook never sees another municipality's events)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fritt.accounts.fields import acting_user
from fritt.events.models import Event


class Webhook(models.Model):
    """A URL the municipal admin registered to receive the municipality's events, signed
    with `secret` (HMAC-SHA256). `cursor_*` is how far the dispatcher has read the feed."""

    url = models.URLField(_("adresse"), max_length=500)
    description = models.CharField(_("beskrivelse"), max_length=200, blank=True)
    # The receiver needs the same secret to check signatures, so it is kept, not hashed; it is
    # shown once, when registered, and never again.
    secret = models.CharField(max_length=100)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The user lives in the public schema.
    created_by = acting_user(optional=True, db_constraint=False)
    cursor_at = models.DateTimeField(null=True, blank=True)
    cursor_event_id = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooker")

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Venter")
    RETRYING = "retrying", _("Prøver igjen")
    DELIVERED = "delivered", _("Levert")
    FAILED = "failed", _("Ga opp")


class Delivery(models.Model):
    """One event to one webhook: every attempt updates it; the admin reads and replays it."""

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveIntegerField(null=True, blank=True)
    # What went wrong, in a few words (status code, timeout, refused): never the response body.
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(fields=["webhook", "event"], name="one_delivery_per_event")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        verbose_name = _("levering")
        verbose_name_plural = _("leveringer")

    def __str__(self) -> str:
        return f"{self.event_id} → {self.webhook_id} ({self.status})"


class Scope(models.TextChoices):
    """What a municipal system's token may do; each API view names the scope it needs."""

    RECIPIENTS_READ = "mottakere:les", _("Lese tjenestemottakere")
    RECIPIENTS_WRITE = "mottakere:skriv", _("Registrere tjenestemottakere")
    DECISIONS_WRITE = "vedtak:skriv", _("Registrere vedtak")
    EVENTS_READ = "hendelser:les", _("Lese hendelser")
    ASSIGNMENTS_READ = "tildelinger:les", _("Lese tildelinger")
    WEBHOOKS_ADMIN = "webhooker:admin", _("Administrere webhooker")


class ApiClient(models.Model):
    """A municipal system (Gerica, Visma Profil, …) that authenticates as itself with OAuth 2.0
    client credentials. It acts through a user of its own (no password, named for the system),
    so the access log names the system. Only hashes of its secrets are kept; the previous
    secret works until `previous_valid_until`, so a rotation has overlap."""

    name = models.CharField(_("navn"), max_length=100)
    client_id = models.CharField(max_length=40, unique=True)
    secret_hash = models.CharField(max_length=64)
    previous_secret_hash = models.CharField(max_length=64, blank=True)
    previous_valid_until = models.DateTimeField(null=True, blank=True)
    scopes = models.JSONField(default=list)
    # The client's id in Digdir's Maskinporten, when the system gets its tokens there instead
    # (production); the token's scopes are then limited to `scopes` here.
    maskinporten_client_id = models.CharField(
        _("klient-ID i Maskinporten"), max_length=100, blank=True, db_index=True
    )
    user = acting_user(db_constraint=False)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = acting_user(optional=True, db_constraint=False)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("systemklient")
        verbose_name_plural = _("systemklienter")

    def __str__(self) -> str:
        return f"{self.name} ({self.client_id})"


class AccessToken(models.Model):
    """A short-lived bearer token issued to a client; only its hash is kept."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    issued_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("tilgangstoken")
        verbose_name_plural = _("tilgangstokener")

    def __str__(self) -> str:
        return f"{self.client_id} til {self.expires_at:%H:%M}"


class IdempotentRequest(models.Model):
    """A create made with an `Idempotency-Key`: the same key and body again answers with what
    was made (read afresh, and logged), never a second one. Keeps ids, not bodies."""

    user_id = models.BigIntegerField()
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    resource_id = models.BigIntegerField(null=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user_id", "key"], name="one_request_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"

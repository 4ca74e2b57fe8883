"""A person's national login bound to an account, and the provider sessions behind our own."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Provider(models.TextChoices):
    IDPORTEN = "idporten", "ID-porten"
    ANSATTPORTEN = "ansattporten", "Ansattporten"


class ExternalIdentity(models.Model):
    """One person at one provider, bound to one account.

    The person is known by a keyed hash of their fødselsnummer (`pid`): enough to find the
    account at the next login, and nothing that reveals the number without the key.
    """

    provider = models.CharField(max_length=16, choices=Provider.choices)
    subject_key = models.CharField(max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_login_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject_key"], name="one_account_per_pid")
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.subject_key[:12]} → {self.user_id}"


class ProviderSession(models.Model):
    """Which of our sessions a provider's session (`sid`) opened: front-channel logout ends them."""

    issuer = models.CharField(max_length=300)
    sid = models.CharField(max_length=200)
    session_key = models.CharField(max_length=40)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_sessions"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["issuer", "sid"], name="providersession_sid")]

    def __str__(self) -> str:
        return f"{self.issuer} {self.sid[:12]}"


class TotpDevice(models.Model):
    """A second factor (RFC 6238, an authenticator app) for a local-password login.

    The shared secret is stored encrypted; `last_step` refuses a code used twice."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device"
    )
    secret_encrypted = models.TextField()
    confirmed_at = models.DateTimeField(default=timezone.now)
    last_step = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"TOTP {self.user_id}"

"""Join requests, signed agreements and invoices: about the municipality as a customer."""

from __future__ import annotations

import hashlib
import hmac
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from public_site.catalogue.models import ServiceType
from tenants.municipalities.models import Municipality


class JoinStatus(models.TextChoices):
    PENDING = "pending", _("Venter på bekreftelse")
    CONFIRMED = "confirmed", _("Bekreftet")
    REJECTED = "rejected", _("Avvist")


class JoinProof(models.TextChoices):
    """Who showed that the requester may act for the municipality."""

    OPERATOR = "operator", _("Bekreftet av driftsoperatør")
    ALTINN = "altinn", _("Rettighet i Altinn")


class JoinRequest(models.Model):
    """A municipality's request to join: live at once when the requester's national login
    shows the right to act for the municipality's org.nr (Altinn), else waiting for an
    operator."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="join_requests"
    )
    services = models.ManyToManyField(ServiceType, related_name="+", verbose_name=_("tjenester"))
    contact_name = models.CharField(_("kontaktperson"), max_length=200)
    contact_email = models.EmailField(_("e-post"))
    contact_phone = models.CharField(_("telefon"), max_length=30, blank=True)
    invoice_reference = models.CharField(_("fakturareferanse"), max_length=100)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=JoinStatus.choices, default=JoinStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proof = models.CharField(
        _("bekreftet ved"), max_length=10, choices=JoinProof.choices, blank=True
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality"],
                condition=models.Q(status="pending"),
                name="billing_one_pending_join_per_municipality",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.municipality.kommunenummer}"


class AgreementKind(models.TextChoices):
    TERMS = "terms", _("Bruksvilkår")
    DPA = "dpa", _("Databehandleravtale")


class SignedAgreement(models.Model):
    """One acceptance of one version of an agreement, with the text as it was, sealed by an
    HMAC over every field so that a changed row no longer verifies."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="signed_agreements"
    )
    join_request = models.ForeignKey(
        JoinRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="agreements"
    )
    kind = models.CharField(max_length=10, choices=AgreementKind.choices)
    version = models.CharField(max_length=20)
    text = models.TextField()
    text_sha256 = models.CharField(max_length=64)
    signed_by_name = models.CharField(max_length=200)
    signed_by_email = models.EmailField()
    signed_at = models.DateTimeField()
    signature = models.CharField(max_length=64)

    class Meta:
        ordering = ["signed_at"]
        # Append-only in spirit: a new version is a new row, never an edit.
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind", "version", "join_request"],
                name="billing_one_signature_per_version_and_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.version} #{self.pk}"

    def payload(self) -> bytes:
        return json.dumps(
            {
                "municipality": self.municipality.orgnr,
                "kommunenummer": self.municipality.kommunenummer,
                "kind": self.kind,
                "version": self.version,
                "text_sha256": self.text_sha256,
                "signed_by_name": self.signed_by_name,
                "signed_by_email": self.signed_by_email,
                "signed_at": self.signed_at.isoformat(),
            },
            sort_keys=True,
        ).encode()

    def compute_signature(self) -> str:
        key = hashlib.sha256(b"fritt.billing.agreement:" + settings.SECRET_KEY.encode()).digest()
        return hmac.new(key, self.payload(), hashlib.sha256).hexdigest()

    def verifies(self) -> bool:
        return hashlib.sha256(
            self.text.encode()
        ).hexdigest() == self.text_sha256 and hmac.compare_digest(
            self.compute_signature(), self.signature
        )


class InvoiceStatus(models.TextChoices):
    OPEN = "open", _("Ubetalt")
    PAID = "paid", _("Betalt")
    VOID = "void", _("Annullert")


class Invoice(models.Model):
    """One invoice to a municipality, as Stripe issued it (or the platform, with billing off);
    `ehf_xml` is the EHF document, stored only once it passed the schema and both rule sets."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="invoices"
    )
    number = models.CharField(_("fakturanummer"), max_length=30, unique=True)
    issue_date = models.DateField(_("fakturadato"))
    due_date = models.DateField(_("forfallsdato"))
    period_start = models.DateField(_("periode fra"))
    period_end = models.DateField(_("periode til"))
    buyer_reference = models.CharField(_("fakturareferanse"), max_length=100)
    kid = models.CharField(_("KID"), max_length=25)
    currency = models.CharField(max_length=3, default="NOK")
    status = models.CharField(
        _("status"), max_length=10, choices=InvoiceStatus.choices, default=InvoiceStatus.OPEN
    )
    stripe_invoice_id = models.CharField(max_length=100, blank=True, db_index=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    # Set only from the access point's answer (public_site.billing.ehf.sending).
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_reference = models.CharField(max_length=200, blank=True)
    ehf_xml = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issue_date", "-number"]

    def __str__(self) -> str:
        return self.number


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    description = models.CharField(max_length=200)
    quantity = models.DecimalField(max_digits=9, decimal_places=2, default=1)
    unit_price = models.DecimalField(max_digits=12, decimal_places=2)
    vat_percent = models.DecimalField(max_digits=5, decimal_places=2, default=25)
    period_start = models.DateField()
    period_end = models.DateField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description


class Subscription(models.Model):
    """The municipality's subscription; Stripe holds the truth, this is what the platform last
    read of it (every webhook re-reads the object, so arrival order does not matter)."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.PROTECT, related_name="subscription"
    )
    stripe_customer_id = models.CharField(max_length=100, unique=True)
    stripe_subscription_id = models.CharField(max_length=100, unique=True)
    plan_id = models.CharField(max_length=100)
    interval = models.CharField(max_length=10)
    annual_price = models.PositiveIntegerField()
    status = models.CharField(max_length=30)
    invoice_reference = models.CharField(max_length=100)
    trial_end = models.DateField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.municipality.kommunenummer} {self.plan_id} {self.status}"

    @property
    def interval_label(self) -> str:
        return _("årlig") if self.interval == "year" else _("månedlig")


class WebhookEvent(models.Model):
    """One Stripe event, recorded by its id before anything else: a duplicate delivery finds
    the row and has no further effect; the worker processes each row once."""

    event_id = models.CharField(max_length=100, unique=True)
    type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=100)
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["received_at"]

    def __str__(self) -> str:
        return f"{self.event_id} {self.type}"


class Departure(models.Model):
    """A municipality leaving: the end of its subscription, the export made for it, and the
    removal of its schema after the retention period. Kept after the removal, with the public
    events, as the record of what happened."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="departures"
    )
    ends_on = models.DateField(_("avsluttet"))
    remove_after = models.DateField(_("slettes"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    export_path = models.CharField(max_length=300, blank=True)
    export_bytes = models.PositiveBigIntegerField(null=True, blank=True)
    export_sha256 = models.CharField(max_length=64, blank=True)
    exported_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    kept_access_log = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality"],
                condition=models.Q(removed_at__isnull=True),
                name="billing_one_open_departure_per_municipality",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.municipality.kommunenummer}"

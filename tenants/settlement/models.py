"""Delivered service per assignment (lines), each split into rate bands (parts) and priced,
gathered per provider and month (a report) that the municipality approves and so locks.

Tenant schema only: lines name recipients and times of visits (health-related data). A locked
month is never edited; a correction is a reversal line and a replacement line."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fritt.accounts.fields import acting_user
from tenants.recipients.models import ProviderKind


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Under rapportering")
    SUBMITTED = "submitted", _("Sendt til kommunen")
    QUERIED = "queried", _("Kommunen har spørsmål")
    APPROVED = "approved", _("Godkjent og låst")


class Band(models.TextChoices):
    DAY = "day", _("Dag")
    EVENING = "evening", _("Kveld")
    NIGHT = "night", _("Natt")
    WEEKEND = "weekend", _("Helg")
    HOLIDAY = "holiday", _("Helligdag")


class LineKind(models.TextChoices):
    REPORTED = "reported", _("Rapportert")
    REVERSAL = "reversal", _("Tilbakeført")
    CORRECTION = "correction", _("Korrigert")


class LineSource(models.TextChoices):
    WEB = "web", _("Skjema")
    CSV = "csv", _("CSV-fil")
    API = "api", _("API")
    OFFICER = "officer", _("Kommunen")


class ReportMonth(models.Model):
    """One provider's month: the supplier's (or the municipal provider's) delivered service."""

    provider_kind = models.CharField(max_length=10, choices=ProviderKind.choices)
    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.DO_NOTHING, null=True, blank=True, related_name="+"
    )
    month = models.DateField(_("måned"))  # the first day of the month
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    order_reference = models.CharField(_("kommunens bestillingsreferanse"), max_length=40)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = acting_user(optional=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-month", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider_kind", "supplier", "month"],
                name="one_report_per_provider_month",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=models.Q(provider_kind="municipal", supplier__isnull=True)
                | (~models.Q(provider_kind="municipal") & models.Q(supplier__isnull=False)),
                name="report_provider_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"rapport #{self.pk} {self.month:%Y-%m}"

    @property
    def locked(self) -> bool:
        return self.status == ReportStatus.APPROVED


class DeliveryLine(models.Model):
    """One visit or shift: date, start and end (an end at or before the start runs past
    midnight), the service delivered, and its total price over the parts."""

    report = models.ForeignKey(ReportMonth, on_delete=models.PROTECT, related_name="lines")
    assignment = models.ForeignKey(
        "recipients.Assignment", on_delete=models.PROTECT, related_name="delivery_lines"
    )
    recipient = models.ForeignKey(
        "recipients.Recipient", on_delete=models.PROTECT, related_name="delivery_lines"
    )
    date = models.DateField(_("dato"))
    start_time = models.TimeField(_("fra"))
    end_time = models.TimeField(_("til"))
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    minutes = models.IntegerField()  # negative on a reversal
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    service = models.CharField(_("levert tjeneste"), max_length=120, blank=True)
    kind = models.CharField(max_length=10, choices=LineKind.choices, default=LineKind.REPORTED)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    source = models.CharField(max_length=10, choices=LineSource.choices)
    question = models.TextField(_("spørsmål fra kommunen"), blank=True, max_length=1000)
    asked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = acting_user()

    class Meta:
        ordering = ["date", "start_time", "pk"]
        indexes = [
            models.Index(fields=["recipient", "starts_at"], name="line_recipient_start"),
        ]

    def __str__(self) -> str:
        return f"linje #{self.pk}"


class LinePart(models.Model):
    """The share of a line in one rate band on one day, priced at the rate valid that day."""

    line = models.ForeignKey(DeliveryLine, on_delete=models.CASCADE, related_name="parts")
    band = models.CharField(max_length=10, choices=Band.choices)
    on_date = models.DateField()
    minutes = models.IntegerField()
    quantity = models.DecimalField(max_digits=10, decimal_places=4)  # hours, or units
    unit = models.CharField(max_length=10)
    rate = models.DecimalField(max_digits=9, decimal_places=2)
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["on_date", "pk"]

    def __str__(self) -> str:
        return f"{self.band} {self.on_date} {self.minutes} min"

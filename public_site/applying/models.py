"""The national side of an application: the envelope a supplier submits once, a status
projection of each part (the part itself lives in the municipality's schema), saved searches.

Public schema, no recipient data. Parts are written only by apply-once (`services`) and
`projection`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.applications.models import ApplicationStatus, ApprovalStatus


class ApplicationEnvelope(models.Model):
    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.PROTECT, related_name="envelopes"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("sendt inn"))
    common_answers = models.JSONField(_("felles svar"), default=dict)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("søknad")
        verbose_name_plural = _("søknader")

    def __str__(self) -> str:
        return f"{self.supplier_id} {self.submitted_at:%Y-%m-%d}"


class ApplicationPart(models.Model):
    """What the supplier may see of one municipality's handling of its application."""

    envelope = models.ForeignKey(
        ApplicationEnvelope, on_delete=models.CASCADE, related_name="parts"
    )
    announcement = models.ForeignKey(
        "announcements.Announcement", on_delete=models.PROTECT, related_name="application_parts"
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    application_id = models.PositiveBigIntegerField(_("søknad i kommunens skjema"))
    status = models.CharField(_("status"), max_length=24, choices=ApplicationStatus.choices)
    decision_due = models.DateField(_("frist for vedtak"))
    message = models.TextField(_("melding fra kommunen"), blank=True)
    approval_id = models.PositiveBigIntegerField(null=True, blank=True)
    approval_status = models.CharField(
        _("godkjenning"), max_length=10, choices=ApprovalStatus.choices, blank=True
    )
    contract_accepted = models.BooleanField(_("kontrakt akseptert"), default=False)
    updated_at = models.DateTimeField(_("oppdatert"))

    class Meta:
        ordering = ["envelope", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "application_id"], name="one_part_per_application"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id}/{self.application_id}: {self.status}"

    @property
    def supplier_id(self) -> int:
        return self.envelope.supplier_id


class SavedSearch(models.Model):
    """A supplier user's announcement search; new matching announcements are mailed to them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("navn"), max_length=100)
    params = models.JSONField(_("søk"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    last_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("lagret søk")
        verbose_name_plural = _("lagrede søk")

    def __str__(self) -> str:
        return self.name

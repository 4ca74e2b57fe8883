"""A supplier organisation with a national account, and its document vault (public schema)."""

from __future__ import annotations

import datetime
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fritt.files.storage import national_storage
from fritt.web.bounds import validate_working_date
from public_site.catalogue.documents import DocumentType
from tenants.municipalities.validators import validate_orgnr


class RegisterStatus(models.TextChoices):
    VERIFIED = "verified", _("Kontrollert mot Enhetsregisteret")
    PENDING = "pending", _("Venter på oppslag i Enhetsregisteret")


class Supplier(models.Model):
    orgnr = models.CharField(
        _("organisasjonsnummer"), max_length=9, unique=True, validators=[validate_orgnr]
    )
    name = models.CharField(_("navn"), max_length=200)
    organisation_form_code = models.CharField(
        _("organisasjonsform (kode)"), max_length=10, blank=True
    )
    organisation_form = models.CharField(_("organisasjonsform"), max_length=100, blank=True)
    address = models.CharField(_("forretningsadresse"), max_length=200, blank=True)
    postcode = models.CharField(_("postnummer"), max_length=10, blank=True)
    postplace = models.CharField(_("poststed"), max_length=100, blank=True)
    bankrupt = models.BooleanField(_("konkurs"), default=False)
    under_liquidation = models.BooleanField(_("under avvikling"), default=False)
    under_forced_liquidation = models.BooleanField(
        _("under tvangsavvikling eller tvangsoppløsning"), default=False
    )
    deleted = models.BooleanField(_("slettet"), default=False)
    register_status = models.CharField(
        _("registerstatus"),
        max_length=10,
        choices=RegisterStatus.choices,
        default=RegisterStatus.PENDING,
    )
    register_checked_at = models.DateTimeField(_("sist kontrollert"), null=True, blank=True)
    lookup_attempts = models.PositiveSmallIntegerField(default=0)
    # Whoever registers an org.nr first claims it; until proof of the right to act for the
    # organisation exists (Altinn), a platform operator confirms the claim by hand. An
    # unconfirmed account may prepare documents but cannot apply or be approved.
    claim_confirmed_at = models.DateTimeField(_("kravet bekreftet"), null=True, blank=True)
    claim_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("leverandør")
        verbose_name_plural = _("leverandører")

    def __str__(self) -> str:
        return f"{self.name} ({self.orgnr})"

    @property
    def claim_confirmed(self) -> bool:
        return self.claim_confirmed_at is not None


def _document_path(instance: SupplierDocument, filename: str) -> str:
    # A random name: the user's file name may carry personal data and never reaches a path.
    suffix = PurePosixPath(filename).suffix.lower()[:5]
    return f"leverandorer/{instance.supplier_id}/{uuid.uuid4().hex}{suffix}"


class SupplierDocument(models.Model):
    """A document kept once and reused in every application (firmaattest, skatteattest, …)."""

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="documents")
    document_type = models.CharField(_("dokumenttype"), max_length=30, choices=DocumentType.choices)
    title = models.CharField(_("tittel"), max_length=200)
    file = models.FileField(_("fil"), upload_to=_document_path, storage=national_storage)
    original_name = models.CharField(_("opprinnelig filnavn"), max_length=255)
    content_type = models.CharField(_("filtype"), max_length=50)
    size = models.PositiveIntegerField(_("størrelse (byte)"))
    valid_from = models.DateField(_("gyldig fra"), validators=[validate_working_date])
    valid_until = models.DateField(
        _("gyldig til"), null=True, blank=True, validators=[validate_working_date]
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document_type", "-valid_from"]
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenter")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="document_valid_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_document_type_display()}: {self.title}"

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

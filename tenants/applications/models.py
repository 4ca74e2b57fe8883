"""Applications received by a municipality, their review trail, and approvals with contracts.

Tenant schema. A supplier and its documents are national (public schema); the application keeps
a snapshot of each attached document so the checklist shows what was actually submitted.
"""

from __future__ import annotations

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fritt.accounts.fields import acting_user
from fritt.web.bounds import SHORT_TEXT
from public_site.catalogue.documents import DocumentType

# A supplier's cap on recipients: more than any municipality's recipients of one service, far
# below the database's integer limit (10^12 used to end in a 500).
MAX_CAPACITY_CAP = 100_000
CAPACITY_VALIDATORS = [MinValueValidator(1), MaxValueValidator(MAX_CAPACITY_CAP)]


def _short_text(label):
    return models.TextField(
        label, blank=True, max_length=SHORT_TEXT, validators=[MaxLengthValidator(SHORT_TEXT)]
    )


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Sendt inn")
    UNDER_REVIEW = "under_review", _("Under behandling")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Venter på supplering")
    APPROVED = "approved", _("Godkjent")
    REJECTED = "rejected", _("Avslått")
    WITHDRAWN = "withdrawn", _("Trukket")


OPEN_APPLICATION_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.SUPPLEMENT_REQUESTED,
)


class Application(models.Model):
    # References into the public schema (supplier, user) use DO_NOTHING: Django's collector,
    # deleting from the public schema, cannot see this municipality's tables, so the database
    # constraint is what refuses deleting a supplier or user that is still referenced here.
    scheme = models.ForeignKey(
        "schemes.Scheme", on_delete=models.PROTECT, related_name="applications"
    )
    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.DO_NOTHING, related_name="+"
    )
    envelope_id = models.PositiveBigIntegerField(_("nasjonal søknadskonvolutt"))
    status = models.CharField(
        _("status"),
        max_length=24,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    submitted_at = models.DateTimeField(_("sendt inn"))
    decision_due = models.DateField(_("frist for vedtak"))
    decided_at = models.DateTimeField(_("avgjort"), null=True, blank=True)
    common_answers = models.JSONField(_("felles svar"), default=dict)
    scheme_answers = models.JSONField(_("svar for ordningen"), default=dict)
    zones = models.ManyToManyField("zones.Zone", blank=True, verbose_name=_("soner"))
    capacity_cap = models.PositiveIntegerField(
        _("kapasitetstak"), null=True, blank=True, validators=CAPACITY_VALIDATORS
    )

    class Meta:
        ordering = ["decision_due", "pk"]
        verbose_name = _("søknad")
        verbose_name_plural = _("søknader")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "supplier"],
                condition=models.Q(status__in=OPEN_APPLICATION_STATUSES),
                name="one_open_application_per_scheme",
            )
        ]
        # The inbox filters by status and sorts by deadline or by when it was sent.
        indexes = [
            models.Index(fields=["status", "decision_due"], name="application_status_due"),
            models.Index(fields=["status", "submitted_at"], name="application_status_sent"),
        ]

    def __str__(self) -> str:
        return f"{self.supplier_id} → {self.scheme_id}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_APPLICATION_STATUSES

    @property
    def is_decided(self) -> bool:
        return self.status in (ApplicationStatus.APPROVED, ApplicationStatus.REJECTED)


class AttachedDocument(models.Model):
    """A document from the supplier's vault as it was when attached."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    vault_document = models.ForeignKey(
        "suppliers.SupplierDocument",
        on_delete=models.DO_NOTHING,
        null=True,
        related_name="+",
        db_constraint=False,  # the snapshot stays when the supplier deletes the vault copy
    )
    document_type = models.CharField(max_length=30, choices=DocumentType.choices)
    title = models.CharField(max_length=200)
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    attached_at = models.DateTimeField(auto_now_add=True)
    # The supplier's answer to a supplement request it came with (None: with the application).
    answer = models.ForeignKey(
        "ApplicationEvent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )

    class Meta:
        ordering = ["document_type", "-valid_from"]

    def __str__(self) -> str:
        return self.title


class ApplicationAction(models.TextChoices):
    SUBMITTED = "submitted", _("Sendt inn")
    REVIEW_STARTED = "review_started", _("Behandling startet")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Ba om supplering")
    SUPPLEMENTED = "supplemented", _("Supplert")
    ASSESSED = "assessed", _("Vilkår vurdert")
    APPROVED = "approved", _("Godkjent")
    REJECTED = "rejected", _("Avslått")
    WITHDRAWN = "withdrawn", _("Trukket")


class _Trail(models.Model):
    """One step in an application's or an approval's trail: what was done, by whom, when.
    Written by the services only; the subclass names the record and the action's choices."""

    by = acting_user()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d %H:%M}"


class ApplicationEvent(_Trail):
    """Who did what to an application, when and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=24, choices=ApplicationAction.choices)
    message = _short_text(_("melding"))


class AssessmentOutcome(models.TextChoices):
    MET = "met", _("Oppfylt")
    NOT_MET = "not_met", _("Ikke oppfylt")


class ConditionAssessment(models.Model):
    """The officer's own judgement of one condition of one application (the latest counts).

    A valid document is evidence, not a verdict: the officer records whether the condition is
    met, and the approval needs every condition judged met."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assessments"
    )
    condition = models.ForeignKey(
        "schemes.ApprovalCondition", on_delete=models.CASCADE, related_name="+"
    )
    outcome = models.CharField(_("vurdering"), max_length=10, choices=AssessmentOutcome.choices)
    comment = _short_text(_("kommentar"))
    by = acting_user()
    at = models.DateTimeField(_("vurdert"))

    class Meta:
        ordering = ["condition", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "condition"], name="one_assessment_per_condition"
            )
        ]

    def __str__(self) -> str:
        return f"{self.condition_id}: {self.outcome}"


class ApprovalStatus(models.TextChoices):
    ACTIVE = "active", _("Aktiv")
    SUSPENDED = "suspended", _("Suspendert")
    REVOKED = "revoked", _("Tilbakekalt")
    ENDED = "ended", _("Avsluttet")


def _contract_path(instance: Approval, filename: str) -> str:
    return f"contracts/{instance.scheme_id}/{filename}"


class Approval(models.Model):
    """A supplier approved in a scheme, with the contract that goes with it."""

    scheme = models.ForeignKey("schemes.Scheme", on_delete=models.PROTECT, related_name="approvals")
    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.DO_NOTHING, related_name="+"
    )
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="approval"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.ACTIVE
    )
    zones = models.ManyToManyField(
        "zones.Zone", blank=True, verbose_name=_("soner leverandøren dekker")
    )
    capacity_cap = models.PositiveIntegerField(
        _("kapasitetstak"), null=True, blank=True, validators=CAPACITY_VALIDATORS
    )
    takes_new_recipients = models.BooleanField(_("tar imot nye brukere"), default=True)
    languages = models.CharField(_("språk"), max_length=200, blank=True)
    staff_competence = _short_text(_("personalets kompetanse"))
    additional_services = _short_text(_("tilleggstjenester for egen regning"))
    contact_email = models.EmailField(_("e-post"), blank=True)
    contact_phone = models.CharField(_("telefon"), max_length=30, blank=True)
    valid_from = models.DateField(_("gjelder fra"))
    valid_until = models.DateField(_("gjelder til"), null=True, blank=True)
    contract_file = models.FileField(_("kontrakt"), upload_to=_contract_path, blank=True)
    contract_accepted_at = models.DateTimeField(_("kontrakt akseptert"), null=True, blank=True)
    contract_accepted_by = acting_user(optional=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(_("avsluttet"), null=True, blank=True)

    class Meta:
        ordering = ["scheme", "pk"]
        verbose_name = _("godkjenning")
        verbose_name_plural = _("godkjenninger")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "supplier"],
                condition=models.Q(status__in=["active", "suspended"]),
                name="one_live_approval_per_scheme",
            )
        ]
        indexes = [models.Index(fields=["status", "valid_from"], name="approval_status_from")]

    def __str__(self) -> str:
        return f"{self.supplier_id} i {self.scheme_id}"


class ApprovalAction(models.TextChoices):
    APPROVED = "approved", _("Godkjent")
    CONTRACT_ACCEPTED = "contract_accepted", _("Kontrakt akseptert")
    SUSPENDED = "suspended", _("Suspendert")
    REINSTATED = "reinstated", _("Gjeninnsatt")
    REVOKED = "revoked", _("Tilbakekalt")
    ENDED = "ended", _("Avsluttet")


class ApprovalEvent(_Trail):
    approval = models.ForeignKey(Approval, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=ApprovalAction.choices)
    reasons = _short_text(_("begrunnelse"))

"""Recipients and everything about them: contacts, decisions, assignments, complaints, access log.

Tenant schema only: this is health data. The fødselsnummer is stored encrypted with a keyed
index for exact-match search, and never appears in a URL, list, log or error report.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fritt.accounts.fields import acting_user
from fritt.web.bounds import LONG_TEXT, validate_working_date

# A decision's extent per week: a week has 168 hours, and no unit in use (hours, visits,
# deliveries) comes more often than hourly.
MIN_EXTENT = Decimal("0.5")
MAX_EXTENT = Decimal("168")


class Recipient(models.Model):
    full_name = models.CharField(_("navn"), max_length=200)
    fnr_encrypted = models.TextField(editable=False)
    fnr_index = models.CharField(max_length=64, unique=True, editable=False)
    address = models.CharField(_("adresse"), max_length=200)
    postcode = models.CharField(_("postnummer"), max_length=4)
    postplace = models.CharField(_("poststed"), max_length=100)
    zone = models.ForeignKey(
        "zones.Zone", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("sone")
    )
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The case system's own id for the person, unique in the municipality (this schema).
    external_reference = models.CharField(
        _("ekstern referanse"), max_length=100, null=True, blank=True, unique=True
    )

    class Meta:
        ordering = ["full_name", "pk"]
        # The register is listed by name or newest first, a page at a time.
        indexes = [
            models.Index(fields=["full_name", "id"], name="recipient_name"),
            models.Index(fields=["created_at", "id"], name="recipient_created"),
        ]
        verbose_name = _("tjenestemottaker")
        verbose_name_plural = _("tjenestemottakere")

    def __str__(self) -> str:
        return f"#{self.pk}"  # never the name or number: this may reach logs


class ContactRelation(models.TextChoices):
    RELATIVE = "relative", _("Pårørende")
    PROXY = "proxy", _("Fullmektig")


class Contact(models.Model):
    """A relative or proxy. A proxy may act for the recipient; a relative is only contacted."""

    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="contacts")
    full_name = models.CharField(_("navn"), max_length=200)
    relation = models.CharField(_("rolle"), max_length=10, choices=ContactRelation.choices)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    # A proxy's own fødselsnummer as the keyed index only: their ID-porten login finds the
    # person they act for. Never the number itself.
    fnr_index = models.CharField(max_length=64, blank=True, default="", editable=False)

    class Meta:
        ordering = ["relation", "full_name"]
        indexes = [models.Index(fields=["fnr_index"], name="contact_fnr_index")]

    def __str__(self) -> str:
        return f"{self.get_relation_display()} for #{self.recipient_id}"


class AccessRelation(models.TextChoices):
    SELF = "self", _("Seg selv")
    PROXY = "proxy", _("Fullmektig")


class RecipientLogin(models.Model):
    """Which recipient a logged-in citizen may see and act for: themself or as proxy."""

    user = acting_user()
    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="logins")
    relation = models.CharField(max_length=10, choices=AccessRelation.choices)
    # A case worker can point at any existing account by its e-mail; the access counts only
    # once the account holder has confirmed it by giving the recipient's fødselsnummer.
    confirmed_at = models.DateTimeField(null=True, blank=True)
    failed_confirmations = models.PositiveSmallIntegerField(default=0)
    granted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "recipient"], name="one_login_per_recipient")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → #{self.recipient_id}"


class DecisionStatus(models.TextChoices):
    AWAITING_CHOICE = "awaiting_choice", _("Venter på valg")
    SERVED = "served", _("Har leverandør")
    ENDED = "ended", _("Avsluttet")
    ANNULLED = "annulled", _("Annullert")


class ServiceDecision(models.Model):
    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="decisions")
    service_type = models.ForeignKey(
        "catalogue.ServiceType", on_delete=models.PROTECT, verbose_name=_("tjeneste")
    )
    scheme = models.ForeignKey(
        "schemes.Scheme", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    extent = models.DecimalField(
        _("omfang"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(MIN_EXTENT), MaxValueValidator(MAX_EXTENT)],
    )
    extent_unit = models.CharField(_("enhet for omfang"), max_length=40, default="timer per uke")
    valid_from = models.DateField(_("gjelder fra"), validators=[validate_working_date])
    valid_to = models.DateField(
        _("gjelder til"), null=True, blank=True, validators=[validate_working_date]
    )
    choice_deadline = models.DateField(_("frist for å velge"))
    status = models.CharField(
        max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.AWAITING_CHOICE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = acting_user()
    # The case system's own id for the decision, unique in the municipality (this schema).
    external_reference = models.CharField(
        _("ekstern referanse"), max_length=100, null=True, blank=True, unique=True
    )

    class Meta:
        ordering = ["-valid_from", "pk"]
        # "Waiting to choose" and "deadline passed" in the recipient list.
        indexes = [
            models.Index(fields=["status", "choice_deadline"], name="decision_status_deadline")
        ]
        verbose_name = _("vedtak")
        verbose_name_plural = _("vedtak")

    def __str__(self) -> str:
        return f"vedtak #{self.pk}"

    def past_last_day(self, day: datetime.date) -> bool:
        """Its period has run out by `day`, whether or not anyone has ended it yet."""
        return self.valid_to is not None and self.valid_to < day


class ProviderKind(models.TextChoices):
    MUNICIPAL = "municipal", _("Kommunal egenregi")
    SUPPLIER = "supplier", _("Godkjent leverandør")
    JOINT = "joint", _("Godkjent i interkommunal ordning")


class AssignmentReason(models.TextChoices):
    RECIPIENT = "recipient", _("Valgt av brukeren")
    PROXY = "proxy", _("Valgt av fullmektig")
    CASE_WORKER = "case_worker", _("Brukerens valg registrert av saksbehandler")
    DEFAULT_MUNICIPAL = "default_municipal", _("Ikke valgt innen fristen: kommunal egenregi")
    DEFAULT_ROTATION = "default_rotation", _("Ikke valgt innen fristen: tildelt etter tur")
    REVOKED_FALLBACK = (
        "revoked_fallback",
        _("Leverandørens godkjenning ble tilbakekalt: kommunal egenregi til nytt valg"),
    )


class Assignment(models.Model):
    """Oppdrag: one provider serving one decision for a period. A decision has exactly one
    current assignment; a switch ends one and starts the next after the notice period."""

    decision = models.ForeignKey(
        ServiceDecision, on_delete=models.CASCADE, related_name="assignments"
    )
    provider_kind = models.CharField(max_length=10, choices=ProviderKind.choices)
    approval = models.ForeignKey(
        "applications.Approval",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
    )
    # A supplier approved in a joint scheme hosted by another municipality: the approval lives
    # in the host's schema, so it is referenced by host and id, with the national supplier.
    joint_host = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
    )
    joint_approval_id = models.PositiveBigIntegerField(null=True, blank=True)
    joint_supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.DO_NOTHING, null=True, blank=True, related_name="+"
    )
    starts_on = models.DateField(_("starter"))
    ends_on = models.DateField(_("slutter"), null=True, blank=True)
    reason = models.CharField(_("grunn"), max_length=20, choices=AssignmentReason.choices)
    reason_detail = models.CharField(_("detaljer"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = acting_user(optional=True)

    class Meta:
        ordering = ["decision", "starts_on", "pk"]
        indexes = [models.Index(fields=["starts_on", "id"], name="assignment_starts")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    provider_kind="municipal", approval__isnull=True, joint_approval_id__isnull=True
                )
                | models.Q(provider_kind="supplier", approval__isnull=False)
                | models.Q(
                    provider_kind="joint",
                    approval__isnull=True,
                    joint_host__isnull=False,
                    joint_approval_id__isnull=False,
                    joint_supplier__isnull=False,
                ),
                name="assignment_provider_matches_kind",
            )
        ]

    def __str__(self) -> str:
        return f"oppdrag #{self.pk}"

    @property
    def provider_name(self) -> str:
        if self.provider_kind == ProviderKind.MUNICIPAL:
            return str(ProviderKind.MUNICIPAL.label)
        if self.provider_kind == ProviderKind.JOINT:
            return self.joint_supplier.name
        return self.approval.supplier.name

    @property
    def provider_key(self) -> str:
        """The key the choice form uses: 'kommunal', an approval id, or 'host:approval'."""
        if self.provider_kind == ProviderKind.MUNICIPAL:
            return "kommunal"
        if self.provider_kind == ProviderKind.JOINT:
            return f"{self.joint_host_id}:{self.joint_approval_id}"
        return str(self.approval_id)


class CaseKind(models.TextChoices):
    COMPLAINT = "complaint", _("Klage (pasient- og brukerrettighetsloven kap. 7)")
    DEVIATION = "deviation", _("Avvik")


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("Mottatt")
    IN_PROGRESS = "in_progress", _("Under behandling")
    CLOSED = "closed", _("Avsluttet")


class QualityCase(models.Model):
    """A complaint or a deviation about a provider, followed to a closed outcome."""

    kind = models.CharField(_("type"), max_length=10, choices=CaseKind.choices)
    recipient = models.ForeignKey(
        Recipient, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    provider_kind = models.CharField(max_length=10, choices=ProviderKind.choices)
    approval = models.ForeignKey(
        "applications.Approval", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_on = models.DateField(_("mottatt"), validators=[validate_working_date])
    description = models.TextField(
        _("beskrivelse"), max_length=LONG_TEXT, validators=[MaxLengthValidator(LONG_TEXT)]
    )
    status = models.CharField(
        _("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.RECEIVED
    )
    outcome = models.TextField(
        _("utfall"), blank=True, max_length=LONG_TEXT, validators=[MaxLengthValidator(LONG_TEXT)]
    )
    created_by = acting_user()
    updated_at = models.DateTimeField(auto_now=True)
    # A deviation the recipient (or a proxy) reported on Min side: the assignment it concerns,
    # the day of the visit, and the delivered line it is about (none for a missing visit).
    from_my_page = models.BooleanField(_("meldt på Min side"), default=False)
    assignment = models.ForeignKey(
        Assignment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    visit_date = models.DateField(_("besøkets dato"), null=True, blank=True)
    delivery_line = models.ForeignKey(
        "settlement.DeliveryLine",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deviations",
    )

    class Meta:
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class AccessAction(models.TextChoices):
    VIEW = "view", _("Så opplysninger")
    LIST = "list", _("Så i en liste")
    CREATE = "create", _("Registrerte")
    CHANGE = "change", _("Endret")
    CHOOSE = "choose", _("Registrerte valg av leverandør")
    API_READ = "api_read", _("Leste via API")
    API_WRITE = "api_write", _("Skrev via API")
    ASSIGNMENT = "assignment", _("Så oppdraget (leverandør)")
    EXPORT = "export", _("Eksporterte")


class AccessLogEntry(models.Model):
    """Append-only: the database refuses UPDATE and DELETE (see migration 0002)."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = acting_user()
    role = models.CharField(max_length=40)
    recipient = models.ForeignKey(Recipient, on_delete=models.DO_NOTHING, related_name="access_log")
    action = models.CharField(max_length=12, choices=AccessAction.choices)
    what = models.CharField(max_length=200)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} #{self.recipient_id} {self.at:%Y-%m-%d %H:%M}"

"""A municipality's approval scheme, its conditions, fixed rates, participants and history."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fritt.accounts.fields import acting_user
from fritt.web.bounds import LONG_TEXT, SHORT_TEXT, validate_working_date
from public_site.catalogue.documents import DocumentType
from public_site.catalogue.models import Unit

# Above any fixed compensation per unit, even a month of round-the-clock BPA (720 h at ~600 kr).
MAX_RATE = Decimal("1000000.00")


def _long_text(label):
    return models.TextField(
        label, blank=True, max_length=LONG_TEXT, validators=[MaxLengthValidator(LONG_TEXT)]
    )


class SchemeStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    PUBLISHED = "published", _("Kunngjort")
    CLOSED = "closed", _("Stengt for nye søknader")
    ENDED = "ended", _("Avsluttet")


class DefaultProviderRule(models.TextChoices):
    MUNICIPAL = "municipal", _("Kommunens egen tjeneste")
    ROTATION = "rotation", _("Rotasjon mellom godkjente leverandører i sonen")


class Scheme(models.Model):
    """One announced service under the approval model, in the municipality's schema.

    The source of truth behind the national `Announcement`; `public_site.announcements.projection`
    keeps the two in step. Published schemes are versioned through `SchemeHistory`.
    """

    service_type = models.ForeignKey(
        "catalogue.ServiceType", on_delete=models.PROTECT, verbose_name=_("tjenestetype")
    )
    title = models.CharField(_("tittel"), max_length=200)
    description = _long_text(_("beskrivelse av tjenesten"))
    target_group = _long_text(_("målgruppe"))
    covers_whole_municipality = models.BooleanField(_("gjelder hele kommunen"), default=True)
    zones = models.ManyToManyField(
        "zones.Zone", blank=True, related_name="schemes", verbose_name=_("soner")
    )
    application_process = _long_text(_("søknadsprosess"))
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-post til kontaktperson"), blank=True)
    contact_phone = models.CharField(_("telefon"), max_length=30, blank=True)
    contract_template = _long_text(_("kontraktsvilkår"))
    contract_duration_months = models.PositiveSmallIntegerField(
        _("kontraktens varighet (måneder)"), null=True, blank=True
    )
    notice_period_supplier_days = models.PositiveSmallIntegerField(
        _("oppsigelsestid for leverandøren (dager)"), null=True, blank=True
    )
    notice_period_municipality_days = models.PositiveSmallIntegerField(
        _("oppsigelsestid for kommunen (dager)"), null=True, blank=True
    )
    capacity_rules = _long_text(_("regler for kapasitet"))
    allows_capacity_cap = models.BooleanField(
        _("leverandører kan sette et tak på antall brukere"), default=True
    )
    default_provider_rule = models.CharField(
        _("hvem får brukere som ikke velger"),
        max_length=10,
        choices=DefaultProviderRule.choices,
        default=DefaultProviderRule.MUNICIPAL,
    )
    switching_notice_days = models.PositiveSmallIntegerField(
        _("varsel ved bytte av leverandør (dager)"), null=True, blank=True
    )
    decision_deadline_days = models.PositiveSmallIntegerField(
        _("saksbehandlingstid for søknader (dager)"), null=True, blank=True
    )
    # Where the weekday rate bands start (wall clock): settlement splits delivered time into
    # day, evening and night by these; weekends and public holidays are their own bands.
    day_starts = models.TimeField(_("dagtid starter"), default=datetime.time(7, 0))
    evening_starts = models.TimeField(_("kveld starter"), default=datetime.time(17, 0))
    night_starts = models.TimeField(_("natt starter"), default=datetime.time(22, 0))
    status = models.CharField(
        _("status"), max_length=10, choices=SchemeStatus.choices, default=SchemeStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("versjon"), default=0)
    published_at = models.DateTimeField(_("kunngjort"), null=True, blank=True)
    last_changed_at = models.DateTimeField(_("sist endret"), null=True, blank=True)
    closed_at = models.DateTimeField(_("stengt"), null=True, blank=True)
    ended_at = models.DateTimeField(_("avsluttet"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("godkjenningsordning")
        verbose_name_plural = _("godkjenningsordninger")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    day_starts__lt=models.F("evening_starts"),
                    evening_starts__lt=models.F("night_starts"),
                ),
                name="scheme_band_limits_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_joint(self) -> bool:
        return self.participants.filter(JointParticipant.in_force()).exists()


class ApprovalCondition(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="conditions")
    text = models.TextField(
        _("vilkår"), max_length=SHORT_TEXT, validators=[MaxLengthValidator(SHORT_TEXT)]
    )
    document_type = models.CharField(
        _("krever dokument"), max_length=30, choices=DocumentType.choices, blank=True
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("vilkår for godkjenning")
        verbose_name_plural = _("vilkår for godkjenning")

    def __str__(self) -> str:
        return self.text


class RateVariant(models.TextChoices):
    ALL = "all", _("Hele døgnet")
    DAY = "day", _("Dag")
    EVENING = "evening", _("Kveld")
    NIGHT = "night", _("Natt")
    WEEKEND = "weekend", _("Helg og helligdag")


class Rate(models.Model):
    """A fixed compensation: every approved supplier is paid the same, per unit."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="rates")
    unit = models.CharField(_("enhet"), max_length=10, choices=Unit.choices)
    variant = models.CharField(
        _("gjelder"), max_length=10, choices=RateVariant.choices, default=RateVariant.ALL
    )
    amount = models.DecimalField(
        _("beløp (kr)"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_RATE)],
    )
    valid_from = models.DateField(_("gjelder fra"), validators=[validate_working_date])

    class Meta:
        ordering = ["valid_from", "variant"]
        verbose_name = _("sats")
        verbose_name_plural = _("satser")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "unit", "variant", "valid_from"], name="rate_unique_per_date"
            ),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="rate_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} kr per {self.get_unit_display()} ({self.get_variant_display()})"


class JointStatus(models.TextChoices):
    INVITED = "invited", _("Invitert, venter på svar")
    ACCEPTED = "accepted", _("Deltar")
    DECLINED = "declined", _("Takket nei")
    LEFT = "left", _("Avsluttet")


class JointParticipant(models.Model):
    """Another municipality in a joint scheme: the host decides, the approval counts there too,
    but only once the participant's own admin has accepted, and until either side's notice
    runs out (`leaves_on`)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="participants")
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=JointStatus.choices, default=JointStatus.INVITED
    )
    invited_at = models.DateTimeField(_("invitert"), null=True, blank=True)
    responded_at = models.DateTimeField(_("svart"), null=True, blank=True)
    leaves_on = models.DateField(_("deltakelsen slutter"), null=True, blank=True)
    # Who gave notice: the actor recorded when the participation ends and the participant's
    # recipients are asked to choose again.
    notice_by = acting_user(optional=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scheme", "municipality"], name="participant_once")
        ]

    def __str__(self) -> str:
        return f"{self.scheme} – {self.municipality_id} ({self.status})"

    @staticmethod
    def in_force(day=None) -> models.Q:
        """Accepted, and the notice (if any) has not run out: the approval counts there."""
        day = day or timezone.localdate()
        return models.Q(status=JointStatus.ACCEPTED) & (
            models.Q(leaves_on__isnull=True) | models.Q(leaves_on__gt=day)
        )


class JointPeriod(models.Model):
    """A period a municipality took part in a joint scheme and then left, kept when it is
    invited again (its participant row then starts over), so the statistics still count the
    months it took part."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="past_periods")
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(_("svart ja"))
    left_on = models.DateField(_("deltakelsen sluttet"))

    class Meta:
        ordering = ["scheme", "municipality", "accepted_at"]

    def __str__(self) -> str:
        return f"{self.scheme} – {self.municipality_id} (til {self.left_on})"


class SchemeAction(models.TextChoices):
    CREATED = "created", _("Opprettet")
    UPDATED = "updated", _("Endret")
    PUBLISHED = "published", _("Kunngjort")
    CLOSED = "closed", _("Stengt for nye søknader")
    REOPENED = "reopened", _("Åpnet igjen")
    ENDED = "ended", _("Avsluttet")


class SchemeHistory(models.Model):
    """Who did what to a scheme, when; for a published scheme, also the version it made."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="history")
    action = models.CharField(max_length=10, choices=SchemeAction.choices)
    version = models.PositiveIntegerField(default=0)
    changed_fields = models.JSONField(default=list)
    snapshot = models.JSONField(default=dict)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("endring")
        verbose_name_plural = _("endringer")

    def __str__(self) -> str:
        return f"{self.scheme} – {self.get_action_display()} ({self.at:%Y-%m-%d})"

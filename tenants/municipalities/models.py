"""The municipality (tenant), its county and the host names its site answers on."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

from .validators import validate_kommunenummer, validate_orgnr


class County(models.Model):
    number = models.CharField(_("fylkesnummer"), max_length=2, primary_key=True)
    name = models.CharField(_("navn"), max_length=100)
    population = models.PositiveIntegerField(_("innbyggere"), default=0)

    class Meta:
        ordering = ["number"]
        verbose_name = _("fylke")
        verbose_name_plural = _("fylker")

    def __str__(self) -> str:
        return self.name


class Lifecycle(models.TextChoices):
    REGISTERED = "registered", _("Registrert")
    PROVISIONED = "provisioned", _("Klargjort")
    ACTIVE = "active", _("Aktiv")
    SUSPENDED = "suspended", _("Suspendert")
    # Left the platform: read-only until its schema is removed after the retention period.
    ENDED = "ended", _("Avsluttet")


class Maalform(models.TextChoices):
    BOKMAAL = "bokmaal", _("Bokmål")
    NYNORSK = "nynorsk", _("Nynorsk")
    NEUTRAL = "noytral", _("Nøytral")


class ProvisionedManager(models.Manager):
    """Municipalities that have a schema. django-tenants iterates `objects` to migrate."""

    def get_queryset(self):
        return super().get_queryset().exclude(lifecycle=Lifecycle.REGISTERED)


class Municipality(TenantMixin):
    """One of Norway's 357 municipalities; a tenant once provisioned.

    All 357 are rows here (`Municipality.registry`); only provisioned ones have a schema and
    a domain (`Municipality.objects`, which is what django-tenants and Celery iterate).
    """

    kommunenummer = models.CharField(
        _("kommunenummer"), max_length=4, unique=True, validators=[validate_kommunenummer]
    )
    name = models.CharField(_("offisielt navn"), max_length=100)
    name_norwegian = models.CharField(_("norsk navn"), max_length=100)
    slug = models.SlugField(_("adresse"), max_length=63, unique=True)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("fylke")
    )
    population = models.PositiveIntegerField(_("innbyggere"))
    area_km2 = models.DecimalField(_("areal (km²)"), max_digits=9, decimal_places=2)
    maalform = models.CharField(_("målform"), max_length=10, choices=Maalform.choices)
    admin_centre = models.CharField(_("administrasjonssenter"), max_length=100)
    sami_area = models.BooleanField(_("i forvaltningsområdet for samisk språk"), default=False)
    orgnr = models.CharField(
        _("organisasjonsnummer"), max_length=9, blank=True, validators=[validate_orgnr]
    )
    lifecycle = models.CharField(
        _("status"), max_length=12, choices=Lifecycle.choices, default=Lifecycle.REGISTERED
    )
    provisioned_at = models.DateTimeField(_("klargjort"), null=True, blank=True)
    # The ID-porten level citizens log in at (Min side); read by fritt.identity as
    # `citizen_login_level`, so the platform need not know this model.
    citizen_login_level = models.CharField(
        _("sikkerhetsnivå for innbyggernes innlogging"),
        max_length=32,
        choices=[
            ("idporten-loa-substantial", _("Betydelig (MinID, BankID m.fl.)")),
            ("idporten-loa-high", _("Høyt (BankID, Buypass, Commfides)")),
        ],
        default="idporten-loa-substantial",
    )

    # Schemas are created by the provisioning service, never as a side effect of save().
    auto_create_schema = False
    auto_drop_schema = False

    registry = models.Manager()
    objects = ProvisionedManager()

    class Meta:
        ordering = ["kommunenummer"]
        default_manager_name = "registry"
        base_manager_name = "registry"
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kommunenummer__regex=r"^[0-9]{4}$"),
                name="municipality_kommunenummer_four_digits",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """'Trondheim kommune'; Sami names shown beside the Norwegian one."""
        if self.name != self.name_norwegian:
            return f"{self.name_norwegian} ({self.name}) kommune"
        return f"{self.name} kommune"

    @property
    def is_provisioned(self) -> bool:
        return self.lifecycle != Lifecycle.REGISTERED

    @property
    def is_suspended(self) -> bool:
        return self.lifecycle == Lifecycle.SUSPENDED

    @property
    def is_ended(self) -> bool:
        return self.lifecycle == Lifecycle.ENDED

    @property
    def is_read_only(self) -> bool:
        """Suspended for want of payment, or left: reads stay, writes are refused."""
        return self.lifecycle in (Lifecycle.SUSPENDED, Lifecycle.ENDED)

    @classmethod
    def find_in_registry(cls, *, slug: str) -> Municipality | None:
        """Any registered municipality by its site slug, provisioned or not (for routing)."""
        return cls.registry.filter(slug=slug).first()

    @staticmethod
    def schema_name_for(kommunenummer: str) -> str:
        return f"k{kommunenummer}"


class Domain(DomainMixin):
    class Meta:
        verbose_name = _("domene")
        verbose_name_plural = _("domener")


class SpareSchema(models.Model):
    """An already-migrated schema waiting for a municipality to join (renamed on joining).

    `migrations` fingerprints the migration files it was built with: a spare built before a
    new migration landed is stale and is never handed out."""

    name = models.CharField(max_length=63, unique=True)
    migrations = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.name

"""A national service type (praktisk bistand, hjemmesykepleie, BPA, …)."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    HOUR = "hour", _("time")
    VISIT = "visit", _("besøk")
    DAY = "day", _("dag")
    DELIVERY = "delivery", _("levering")
    MONTH = "month", _("måned")


class ServiceType(models.Model):
    code = models.SlugField(_("kode"), max_length=50, unique=True)
    name = models.CharField(_("navn"), max_length=120)
    description = models.TextField(_("beskrivelse"))
    legal_basis = models.CharField(_("hjemmel"), max_length=200)
    default_unit = models.CharField(_("enhet"), max_length=10, choices=Unit.choices)
    is_health_service = models.BooleanField(_("helsetjeneste"), default=False)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("tjenestetype")
        verbose_name_plural = _("tjenestetyper")

    def __str__(self) -> str:
        return self.label

    # `name` and `description` stay bokmål (search, exports, the API); pages show these.
    @property
    def label(self) -> str:
        """The name in the active language (catalogue.names holds the messages)."""
        return gettext(self.name)

    @property
    def summary(self) -> str:
        return gettext(self.description)

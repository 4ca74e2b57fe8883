"""A named geographic zone inside one municipality (tenant schema)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Zone(models.Model):
    name = models.CharField(_("navn"), max_length=100, unique=True)
    description = models.CharField(_("beskrivelse"), max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("sone")
        verbose_name_plural = _("soner")

    def __str__(self) -> str:
        return self.name

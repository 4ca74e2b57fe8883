"""A supplier organisation with a national account (public schema, no recipient data)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.municipalities.validators import validate_orgnr


class Supplier(models.Model):
    orgnr = models.CharField(
        _("organisasjonsnummer"), max_length=9, unique=True, validators=[validate_orgnr]
    )
    name = models.CharField(_("navn"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("leverandør")
        verbose_name_plural = _("leverandører")

    def __str__(self) -> str:
        return f"{self.name} ({self.orgnr})"

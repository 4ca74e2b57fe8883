"""The outbox: which messages were sent, kept in the schema they belong to."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SentMessage(models.Model):
    kind = models.CharField(_("type"), max_length=50)
    to_email = models.EmailField(_("mottaker"))
    subject = models.CharField(_("emne"), max_length=200)
    sent_at = models.DateTimeField(_("sendt"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("sendt melding")
        verbose_name_plural = _("sendte meldinger")

    def __str__(self) -> str:
        return f"{self.kind} → {self.to_email}"

"""The event record's one table, in every schema: a municipality's changes stay in its schema."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    """A state change. `data` holds ids, codes and amounts, never a person's name or number:
    the record is read by statistics and integrations."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,  # the user lives in the public schema; events in each schema
    )
    # Who acted when no user did (a task, the system, a municipality's integration).
    actor_kind = models.CharField(max_length=20, default="user")
    action = models.CharField(_("handling"), max_length=60, db_index=True)
    subject_type = models.CharField(max_length=40)
    subject_id = models.CharField(max_length=40)
    data = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "at"])]
        verbose_name = _("hendelse")
        verbose_name_plural = _("hendelser")

    def __str__(self) -> str:
        return f"{self.action} {self.subject_type}:{self.subject_id}"

"""How a record names the person who did something: one kind of reference to a user."""

from __future__ import annotations

from django.conf import settings
from django.db import models


def acting_user(*, optional: bool = False, **options) -> models.ForeignKey:
    """A reference to the user who made, approved or changed a record. The record outlives a
    deleted account (no cascade) and the user has no way back to it (no reverse name)."""
    if optional:
        options.update(null=True, blank=True)
    options.setdefault("on_delete", models.DO_NOTHING)
    options.setdefault("related_name", "+")
    return models.ForeignKey(settings.AUTH_USER_MODEL, **options)

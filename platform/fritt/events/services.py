"""Writing the event record; every service that changes state calls `record` in its transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import Event


def _subject(subject: models.Model | tuple[str, Any]) -> tuple[str, str]:
    if isinstance(subject, tuple):
        kind, key = subject
        return kind, str(key)
    return subject._meta.label_lower, str(subject.pk)


def record(
    *,
    action: str,
    subject: models.Model | tuple[str, Any],
    by: Any = None,
    actor_kind: str | None = None,
    data: dict[str, Any] | None = None,
) -> Event:
    """Record that `by` (a user, or None for the system) did `action` to `subject`.

    `action` is `<subject>.<verb>` in English (`scheme.published`); `data` carries ids and
    codes only, so the record can be read without exposing a person."""
    subject_type, subject_id = _subject(subject)
    user = by if getattr(by, "is_authenticated", False) else None
    return Event.objects.create(
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        actor=user,
        actor_kind=actor_kind or ("user" if user else "system"),
        data=data or {},
    )

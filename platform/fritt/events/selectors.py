"""Reading the event record of the current schema."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Event


def events_for(*, subject_type: str, subject_id: object) -> QuerySet[Event]:
    return Event.objects.filter(subject_type=subject_type, subject_id=str(subject_id))


def events_with(*, action_prefix: str) -> QuerySet[Event]:
    return Event.objects.filter(action__startswith=action_prefix)

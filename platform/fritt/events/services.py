"""Writing the event record; every service that changes state calls `record` in its transaction."""

from __future__ import annotations

import functools
import inspect
from typing import Any

from django.db import models, transaction

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


def _ids_of(kwargs: dict[str, Any], actor: str) -> dict[str, Any]:
    """The ids of the model instances a service was called with: enough to follow the change,
    never a name or a number of a person."""
    return {
        name: value.pk
        for name, value in kwargs.items()
        if isinstance(value, models.Model) and name != actor
    }


def state_change(action: str, *, subject: str | None = None, actor: str = "by"):
    """Decorate a service so that every successful call records `action` in the same
    transaction. The subject is the keyword argument named `subject`, else the model the
    service returns, else its first model argument; the actor is the `actor` argument."""

    def decorate(service):
        signature = inspect.signature(service)

        @functools.wraps(service)
        def wrapper(*args: Any, **kwargs: Any):
            # In the signature's order, so the subject does not depend on how it was called;
            # and read before the call, since a service may delete what it was given.
            arguments = signature.bind_partial(*args, **kwargs).arguments
            named = arguments.get(subject) if subject else None
            first = next(
                (v for k, v in arguments.items() if isinstance(v, models.Model) and k != actor),
                None,
            )
            before = named if named is not None else first
            before_key = _subject(before) if before is not None else ("none", "")
            data = _ids_of(arguments, actor)
            with transaction.atomic():
                result = service(*args, **kwargs)
                key = before_key
                if named is None and isinstance(result, models.Model):
                    key = _subject(result)
                    data.setdefault("result", result.pk)
                record(action=action, subject=key, by=arguments.get(actor), data=data)
            return result

        wrapper.records_action = action
        return wrapper

    return decorate

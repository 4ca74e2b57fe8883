"""Writing the event record; every service that changes state calls `record` in its transaction."""

from __future__ import annotations

import functools
import inspect
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils.module_loading import import_string
from django_tenants.utils import get_public_schema_name

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
    event = Event.objects.create(
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        actor=user,
        actor_kind=actor_kind or ("user" if user else "system"),
        data=data or {},
    )
    _dispatch_after_commit()
    return event


def _dispatch_after_commit() -> None:
    """Once per transaction and municipality, send the dispatch task (webhooks) when the
    transaction commits, after the feed's settle window; not at all when the municipality has
    no active webhook (`FRITT_EVENT_DISPATCH_WANTED`). Named by a setting: this floor does
    not import the domain rooms that deliver."""
    task_name = getattr(settings, "FRITT_EVENT_DISPATCH_TASK", "")
    schema = connection.schema_name
    if not task_name or schema == get_public_schema_name():
        return
    # A rolled-back transaction drops its callbacks, and with them this mark.
    if any(
        getattr(entry[1], "dispatches_schema", None) == schema for entry in connection.run_on_commit
    ):
        return
    wanted = getattr(settings, "FRITT_EVENT_DISPATCH_WANTED", "")
    if wanted and not import_string(wanted)():
        # No webhook to send to: mark the transaction all the same, so it asks only once.
        def nothing() -> None:
            return None

        nothing.dispatches_schema = schema
        transaction.on_commit(nothing)
        return

    def send() -> None:
        from fritt.celery_app import app

        countdown = float(getattr(settings, "FRITT_EVENT_FEED_SETTLE_SECONDS", 0)) + 1
        # A dispatch that waited long in the queue is dropped: a later one (or beat's sweep)
        # reads the same feed, so a backlog never delays the worker's other tasks.
        app.send_task(
            task_name,
            countdown=countdown,
            expires=countdown + 120,
            headers={"_schema_name": schema},
        )

    send.dispatches_schema = schema
    transaction.on_commit(send)


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

            def run_and_record():
                result = service(*args, **kwargs)
                key = before_key
                if named is None and isinstance(result, models.Model):
                    key = _subject(result)
                    data.setdefault("result", result.pk)
                record(action=action, subject=key, by=arguments.get(actor), data=data)
                return result

            # Inside a caller's transaction the record joins it: a savepoint of our own would
            # cost two statements per change (apply-once makes one change per municipality).
            if transaction.get_connection().in_atomic_block:
                return run_and_record()
            with transaction.atomic():
                return run_and_record()

        wrapper.records_action = action
        return wrapper

    return decorate

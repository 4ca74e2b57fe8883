"""The isolation world, built once for the module inside one transaction that is rolled back
at the end; each request then runs in a savepoint of its own, so no request changes the world
the next one sees."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection, transaction
from django.test import override_settings

from tests.security.world import World, build_world


@pytest.fixture(scope="module")
def isolation_world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:
    media = tmp_path_factory.mktemp("isolation-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            connection.set_schema_to_public()


@pytest.fixture
def sent_tasks(monkeypatch) -> list[str]:
    """Celery tasks a request tried to send: recorded, never put on the broker (a refused POST
    must not start work, and an allowed one must not reach a worker of another test)."""
    from celery.app.task import Task

    sent: list[str] = []

    def record(self, *args, **kwargs):
        sent.append(self.name)

    monkeypatch.setattr(Task, "apply_async", record)
    return sent

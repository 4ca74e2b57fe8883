"""A start with nothing new to migrate does not run the migration executor in every schema:
the recorded migrations of all schemas are compared with those on disk in two statements."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test.utils import CaptureQueriesContext

from fritt.tenancy.schema_state import schemas_needing_migration

pytestmark = pytest.mark.django_db


def test_migrated_schemas_need_nothing_and_cost_fixed_statements(bergen, trondheim):
    with CaptureQueriesContext(connection) as captured:
        assert schemas_needing_migration() == []
    assert len(captured.captured_queries) <= 4  # the list of schemas, existence, the records


def test_a_schema_missing_the_latest_migration_of_an_app_is_named(bergen, trondheim):
    app, name = max(n for n in MigrationLoader(None).graph.leaf_nodes() if n[0] == "recipients")
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {bergen.schema_name}.django_migrations WHERE app = %s AND name = %s",
            [app, name],
        )
    assert schemas_needing_migration() == [bergen.schema_name]


def test_a_start_runs_the_executor_only_when_a_schema_lacks_a_migration(bergen, monkeypatch):
    from fritt.devtools import demo

    calls = []
    monkeypatch.setattr(demo, "call_command", lambda *a, **k: calls.append(a))
    assert demo.migrate_stale_schemas() is False and calls == []
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {bergen.schema_name}.django_migrations")
    assert demo.migrate_stale_schemas() is True and calls == [("migrate_schemas",)]

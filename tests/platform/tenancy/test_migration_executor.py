"""`migrate_schemas --executor smart` migrates only the schemas that lack a migration."""

from unittest import mock

from django.core.management import call_command
from django.db import connection
from django_tenants_smart_executor import executors

from tenants.municipalities.models import Municipality


def _migrated_schemas(**options) -> list[str]:
    with mock.patch.object(executors, "run_migrations") as run:
        call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0, **options)
    return [call.args[3] for call in run.call_args_list]


def test_an_up_to_date_platform_migrates_no_schema(db):
    assert Municipality.objects.count() >= 4
    assert _migrated_schemas(executor="smart") == []


def test_only_the_schema_missing_a_migration_is_migrated(db, bergen):
    with connection.cursor() as cursor:
        cursor.execute(
            f'DELETE FROM "{bergen.schema_name}".django_migrations '  # noqa: S608 - our own name
            "WHERE app = 'zones' AND name = (SELECT max(name) FROM "
            f"\"{bergen.schema_name}\".django_migrations WHERE app = 'zones')"
        )
    assert _migrated_schemas(executor="smart") == [bergen.schema_name]

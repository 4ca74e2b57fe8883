"""The access log is append-only against the app's own database role, not only by a trigger.

Every statement runs on the app's connection (the one web, worker and tests use), each in its
own savepoint so the test goes on after the database refuses it.
"""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from tenants.municipalities.models import Municipality
from tenants.municipalities.provisioning import provision_municipality
from tenants.recipients import services
from tenants.recipients.models import AccessAction, AccessLogEntry
from tests.factories import make_user, new_recipient

LOG = "recipients_accesslogentry"


def _one(sql: str, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _refused(sql: str, match: str) -> None:
    with (
        pytest.raises(DatabaseError, match=match),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)


def assert_only_insert_and_select(entry: AccessLogEntry) -> None:
    """In the current municipality's schema, the app role can add and read, nothing else."""
    schema = connection.schema_name
    table = f'"{schema}".{LOG}'
    assert schema != "public"
    assert _one("SELECT rolsuper FROM pg_roles WHERE rolname = current_user") is False
    owner = _one(
        "SELECT tableowner FROM pg_tables WHERE schemaname = %s AND tablename = %s", [schema, LOG]
    )
    assert owner != _one("SELECT current_user")
    # Neither a member of the owner (no SET ROLE) nor owner of the schema (which could DROP it).
    assert _one("SELECT pg_has_role(current_user, %s, 'MEMBER')", [owner]) is False
    schema_owner = "SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = %s"
    assert _one(schema_owner, [schema]) != _one("SELECT current_user")

    _refused("SET session_replication_role = replica", "permission denied")
    assert _one("SHOW session_replication_role") == "origin"
    _refused(f"ALTER TABLE {table} DISABLE TRIGGER access_log_append_only", "must be owner")
    _refused(f"ALTER TABLE {table} DISABLE TRIGGER ALL", "must be owner")
    _refused(f"UPDATE {table} SET what = 'endret' WHERE id = {entry.pk}", "permission denied")
    _refused(f"DELETE FROM {table} WHERE id = {entry.pk}", "permission denied")
    _refused(f"TRUNCATE {table}", "permission denied")
    _refused(f"DROP TABLE {table}", "must be owner")
    _refused(f'DROP SCHEMA "{schema}" CASCADE', "must be owner")
    _refused(f"ALTER TABLE {table} OWNER TO CURRENT_USER", "must be owner")
    _refused(f"SET ROLE {owner}", "permission denied")
    _refused(
        f'CREATE OR REPLACE FUNCTION "{schema}".recipients_access_log_append_only() '
        "RETURNS trigger AS $$ BEGIN RETURN NEW; END $$ LANGUAGE plpgsql",
        "must be owner",
    )
    _refused(
        "CREATE OR REPLACE FUNCTION fritt_audit.seal_access_log(tenant_schema text) "
        "RETURNS void AS $$ BEGIN END $$ LANGUAGE plpgsql",
        "permission denied|must be owner",
    )
    with transaction.atomic():
        # Without grant option this grants nothing (a warning, not an error).
        with connection.cursor() as cursor:
            cursor.execute(f"GRANT ALL ON {table} TO CURRENT_USER")
        for privilege in ("UPDATE", "DELETE", "TRUNCATE", "TRIGGER"):
            assert _one("SELECT has_table_privilege(%s, %s)", [table, privilege]) is False

    # What the app does with its log still works: add entries and read them.
    services.log_access(
        user=entry.user, recipients=[entry.recipient], action=AccessAction.VIEW, what="kontroll"
    )
    assert AccessLogEntry.objects.filter(recipient=entry.recipient, what="kontroll").exists()
    assert AccessLogEntry.objects.filter(pk=entry.pk, what=entry.what).exists()


def test_the_app_role_can_only_add_to_and_read_the_access_log(world, case_worker):
    new_recipient(case_worker)
    assert_only_insert_and_select(AccessLogEntry.objects.get())


def test_a_municipality_provisioned_at_runtime_gets_the_same_protection(db):
    kinn = Municipality.registry.get(kommunenummer="4602")
    provision_municipality(municipality=kinn, activate=True)
    case_worker = make_user(Role.CASE_WORKER, municipality=kinn)
    with tenant_context(kinn):
        new_recipient(case_worker, name="Kari Kinn")
        assert_only_insert_and_select(AccessLogEntry.objects.get())


def test_the_guard_serves_municipality_schemas_only(db):
    _refused("SELECT fritt_audit.seal_access_log('public')", "not a municipality schema")
    assert _one("SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'public'") != (
        "fritt_audit"
    )


def test_the_app_role_cannot_install_the_guard_itself(db):
    with pytest.raises(CommandError, match="ikke som app-rollen"):
        call_command("install_access_log_guard", "--app-role", _one("SELECT current_user"))
    with pytest.raises(CommandError, match="not a plain role name"):
        call_command("install_access_log_guard", "--app-role", 'app"; DROP ROLE x; --')

"""The spare-schema pool: joining takes an already-migrated schema, renamed, and two joins at
once never get the same one."""

import threading

from django.db import connection
from django_tenants.utils import schema_exists

from tenants.municipalities import pool
from tenants.municipalities.models import Domain, Lifecycle, Municipality, SpareSchema
from tenants.municipalities.provisioning import provision_municipality
from tests.factories import site_client


def test_a_spare_is_renamed_to_the_municipality_that_joins(db):
    assert pool.refill_spare_pool(size=1) == 1
    spare = SpareSchema.objects.get()
    assert schema_exists(spare.name)
    vega = Municipality.registry.get(kommunenummer="1816")
    result = provision_municipality(municipality=vega, activate=True)
    assert result.from_pool and result.created_schema
    assert not SpareSchema.objects.exists()
    assert not schema_exists(spare.name) and schema_exists("k1816")
    connection.set_schema_to_public()
    response = site_client("vevelstad").get("/")
    assert response.status_code == 200


def test_without_a_spare_provisioning_migrates_as_before(db):
    result = provision_municipality(municipality=Municipality.registry.get(kommunenummer="1839"))
    assert result.created_schema and not result.from_pool
    assert schema_exists("k1839")


def test_a_stale_spare_is_never_handed_out_and_the_refill_drops_it(db):
    pool.refill_spare_pool(size=1)
    SpareSchema.objects.update(migrations="built-before-a-new-migration")
    stale = SpareSchema.objects.get().name
    result = provision_municipality(municipality=Municipality.registry.get(kommunenummer="1848"))
    assert not result.from_pool
    assert pool.drop_stale_spares() == 1
    assert not schema_exists(stale)


def test_two_simultaneous_joins_each_get_their_own_spare(committed):
    numbers = ["5632", "5634"]
    assert pool.refill_spare_pool(size=2) == 2
    spares = set(SpareSchema.objects.values_list("name", flat=True))
    barrier = threading.Barrier(2)
    results, errors = {}, []

    def join(number):
        try:
            municipality = Municipality.registry.get(kommunenummer=number)
            barrier.wait()
            results[number] = provision_municipality(municipality=municipality, activate=True)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=join, args=(n,)) for n in numbers]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert not errors
        assert all(results[n].from_pool for n in numbers)
        assert all(schema_exists(f"k{n}") for n in numbers)
        assert not any(schema_exists(name) for name in spares)
        assert not SpareSchema.objects.exists()
    finally:
        # The schemas stay (sealed to the audit role) under names no other test uses; the
        # registry forgets them so the rest of the session sees them unprovisioned.
        Domain.objects.filter(tenant__kommunenummer__in=numbers).delete()
        Municipality.registry.filter(kommunenummer__in=numbers).update(
            lifecycle=Lifecycle.REGISTERED, provisioned_at=None
        )
        for name in SpareSchema.objects.values_list("name", flat=True):
            with connection.cursor() as cursor:
                cursor.execute("SELECT fritt_audit.drop_spare_schema(%s)", [name])
        SpareSchema.objects.all().delete()


def _catalogue(schema: str) -> list[str]:
    """Columns, indexes, constraints, non-internal triggers and owners, with the schema's own
    name taken out (pg_dump restores the same objects; only internal trigger names differ)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT replace(x, %(s)s || '.', '') FROM (
              SELECT 'col ' || table_name || '.' || column_name || ' ' || data_type || ' '
                     || coalesce(column_default, '') || is_nullable AS x
                FROM information_schema.columns WHERE table_schema = %(s)s
              UNION ALL
              SELECT 'idx ' || indexname FROM pg_indexes WHERE schemaname = %(s)s
              UNION ALL
              SELECT 'con ' || c.conname || ' ' || pg_get_constraintdef(c.oid)
                FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
                WHERE n.nspname = %(s)s
              UNION ALL
              SELECT 'trg ' || t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = %(s)s AND NOT t.tgisinternal
              UNION ALL
              SELECT 'own ' || c.relname || ' ' || pg_get_userbyid(c.relowner) || ' '
                     || coalesce(c.relacl::text, '')
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = %(s)s
              UNION ALL
              SELECT 'nsp ' || pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = %(s)s
            ) q ORDER BY 1
            """,
            {"s": schema},
        )
        return [row[0] for row in cursor.fetchall()]


def test_a_cloned_spare_is_the_migrated_one_under_another_name(committed):
    """The bench fills the pool for 357 municipalities by copying one migrated spare
    (fritt.devtools.schema_clone); the copy must be that schema exactly, sealed the same way."""
    from fritt.devtools.schema_clone import clone_spares

    try:
        (clone,) = clone_spares(count=1)
        template = SpareSchema.objects.exclude(name=clone).get().name
        assert _catalogue(clone) == _catalogue(template)
        for schema in (clone, template):
            with connection.cursor() as cursor:
                cursor.execute(
                    f'SELECT app, name FROM "{schema}".django_migrations ORDER BY 1, 2'  # noqa: S608
                )
                recorded = cursor.fetchall()
            assert len(recorded) > 10
        vega = Municipality.registry.get(kommunenummer="1815")
        result = provision_municipality(municipality=vega, activate=True)
        assert result.from_pool
        assert site_client("vega").get("/").status_code == 200
    finally:
        connection.set_schema_to_public()
        Domain.objects.filter(tenant__kommunenummer="1815").delete()
        Municipality.registry.filter(kommunenummer="1815").update(
            lifecycle=Lifecycle.REGISTERED, provisioned_at=None
        )
        for name in SpareSchema.objects.values_list("name", flat=True):
            with connection.cursor() as cursor:
                cursor.execute("SELECT fritt_audit.drop_spare_schema(%s)", [name])
        SpareSchema.objects.all().delete()
        with connection.cursor() as cursor:
            cursor.execute("SELECT fritt_audit.drop_municipality_schema('k1815')")

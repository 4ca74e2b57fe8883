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

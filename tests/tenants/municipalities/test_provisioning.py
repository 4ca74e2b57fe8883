"""Provisioning municipalities from the registry: schema, domain, lifecycle, all or nothing."""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django_tenants.utils import schema_exists

from tenants.municipalities import provisioning
from tenants.municipalities.errors import MunicipalityError
from tenants.municipalities.models import Domain, Lifecycle, Municipality
from tenants.municipalities.provisioning import provision_municipality, set_lifecycle
from tests.factories import refused, site_client


def test_command_provisions_and_the_site_answers_at_once(db, capsys):
    call_command("provision_municipality", "4602")
    out = capsys.readouterr().out
    assert "4602 Kinn kommune klargjort på" in out
    assert " s: http://kinn.localhost" in out
    kinn = Municipality.registry.get(kommunenummer="4602")
    assert kinn.lifecycle == Lifecycle.PROVISIONED and kinn.provisioned_at is not None
    assert schema_exists("k4602")
    assert Domain.objects.get(tenant=kinn).domain == "kinn.localhost"
    response = site_client("kinn").get("/")
    assert response.status_code == 200
    assert "Fritt brukervalg i Kinn kommune" in response.content.decode()


def test_several_at_once_reports_each_and_the_total(db, capsys):
    call_command("provision_municipality", "4611", "4612", "--activate")
    out = capsys.readouterr().out
    assert "Etne kommune klargjort" in out and "Sveio kommune klargjort" in out
    assert "2 kommuner på" in out
    assert set(
        Municipality.registry.filter(kommunenummer__in=["4611", "4612"]).values_list(
            "lifecycle", flat=True
        )
    ) == {Lifecycle.ACTIVE}


def test_provisioning_twice_is_harmless(db, capsys):
    call_command("provision_municipality", "4601")
    assert "var allerede klargjort" in capsys.readouterr().out
    assert Domain.objects.filter(domain="bergen.localhost").count() == 1


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ("9999", "hører ikke til noe fylke"),
        ("4699", "Ukjent kommunenummer: 4699"),
        ("abcd", "Kommunenummer må være fire siffer"),
    ],
)
def test_unknown_or_malformed_numbers_are_refused_clearly(db, argument, message):
    with pytest.raises(CommandError, match=message):
        call_command("provision_municipality", argument)


def test_a_failing_migration_leaves_no_trace(db):
    etne = Municipality.registry.get(kommunenummer="4611")

    def create_then_fail(self, **kwargs):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute('CREATE SCHEMA "k4611"')
        raise RuntimeError("migration failed")

    with (
        mock.patch.object(Municipality, "create_schema", create_then_fail),
        pytest.raises(RuntimeError),
    ):
        provision_municipality(municipality=etne)
    assert not schema_exists("k4611")
    assert not Domain.objects.filter(tenant=etne).exists()
    etne.refresh_from_db()
    assert etne.lifecycle == Lifecycle.REGISTERED


def test_suspended_municipality_cannot_be_reprovisioned(ulvik):
    set_lifecycle(municipality=ulvik, lifecycle=Lifecycle.SUSPENDED)
    with refused(MunicipalityError.SUSPENDED):
        provision_municipality(municipality=ulvik)


def test_lifecycle_cannot_go_back_to_registered(bergen):
    with pytest.raises(ValidationError):
        set_lifecycle(municipality=bergen, lifecycle=Lifecycle.REGISTERED)
    kinn = Municipality.registry.get(kommunenummer="4602")
    with refused(MunicipalityError.NOT_PROVISIONED):
        set_lifecycle(municipality=kinn, lifecycle=Lifecycle.ACTIVE)


def test_unprovisioned_municipalities_are_not_tenants(db):
    assert not Municipality.objects.filter(kommunenummer="4602").exists()
    assert Municipality.registry.filter(kommunenummer="4602").exists()
    assert provisioning.site_domain(Municipality.registry.get(kommunenummer="4602")) == (
        "kinn.localhost"
    )

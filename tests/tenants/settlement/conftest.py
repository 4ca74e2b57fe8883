"""Bergen with a scheme (512 kr/h, 640 kr/h evenings from mid-November), an approved supplier
with a user, a second supplier, and a recipient served by the first since 1 October 2026."""

import datetime as dt
from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from public_site.catalogue.models import ServiceType
from tenants.recipients import services as recipient_services
from tenants.schemes import services as scheme_services
from tests.factories import approve, make_user, new_decision, new_recipient, published

TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def officer(bergen):
    return make_user(Role.MUNICIPAL_OFFICER, municipality=bergen, full_name="Olve Oppgjør")


@pytest.fixture
def case_worker(bergen):
    return make_user(Role.CASE_WORKER, municipality=bergen)


@pytest.fixture
def month_world(bergen, officer, case_worker):
    with tenant_context(bergen):
        scheme = published(by=officer)
        scheme_services.add_rate(
            scheme=scheme, by=officer, unit="hour", variant="evening",
            amount=Decimal("640.00"), valid_from=dt.date(2026, 11, 16),
        )  # fmt: skip
        service = ServiceType.objects.get(code="praktisk-bistand")
        alfa = approve(scheme, "Alfa Omsorg AS")
        beta = approve(scheme, "Beta Hjemmehjelp AS")
        alfa_user = make_user(Role.SUPPLIER_ADMIN, supplier=alfa.supplier, full_name="Alf Alfa")
        beta_user = make_user(Role.SUPPLIER_ADMIN, supplier=beta.supplier, full_name="Bea Beta")

        def served(name, approval, extent=7):
            recipient = new_recipient(case_worker, name=name)
            decision = new_decision(
                case_worker, recipient, service, extent=Decimal(extent),
                valid_from=dt.date(2026, 10, 1),
            )  # fmt: skip
            return recipient_services.choose_provider(
                by=case_worker, decision=decision, approval=approval, how="Telefon",
                today=dt.date(2026, 10, 1),
            )  # fmt: skip

        yield {
            "scheme": scheme, "alfa": alfa, "beta": beta, "alfa_user": alfa_user,
            "beta_user": beta_user, "a1": served("Astrid Alfakunde", alfa),
            "a2": served("Arne Alfakunde", alfa, extent=1), "b1": served("Berit Betakunde", beta),
        }  # fmt: skip

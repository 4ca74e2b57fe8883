"""A municipality with a scheme, approved suppliers, a case worker and recipients to serve."""

import pytest
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from public_site.catalogue.models import ServiceType
from tenants.schemes import services as scheme_services
from tenants.zones.models import Zone
from tests.factories import approve, make_user, published


@pytest.fixture
def case_worker(bergen):
    return make_user(Role.CASE_WORKER, municipality=bergen, full_name="Cato Case")


@pytest.fixture
def officer(bergen):
    return make_user(Role.MUNICIPAL_OFFICER, municipality=bergen)


@pytest.fixture
def world(bergen, officer, case_worker):
    """Bergen's schema with a rotation scheme over zones Arna and Fana and three suppliers."""
    with tenant_context(bergen):
        arna, fana = Zone.objects.create(name="Arna"), Zone.objects.create(name="Fana")
        scheme = published(by=officer)
        scheme_services.update_scheme(scheme=scheme, by=officer, default_provider_rule="rotation")
        scheme.refresh_from_db()
        a = approve(scheme, "Alfa Omsorg AS")
        b = approve(scheme, "Beta Hjemmehjelp AS", zones=[arna])
        c = approve(scheme, "Gamma Assistanse AS", cap=2)
        yield {"scheme": scheme, "arna": arna, "fana": fana, "a": a, "b": b, "c": c,
               "service": ServiceType.objects.get(code="praktisk-bistand")}  # fmt: skip

"""Shared fixtures: a real PostgreSQL test database with the registry and four provisioned
municipalities, users for every role, and helpers that send the right Host header.

Why no `transactional_db` / `live_server`: their teardown TRUNCATEs the public schema, which
wipes the registry and fails on foreign keys from tenant schemas into public. Tests that need
committed data (a real worker, a real browser) use `committed` below instead: it commits for
real and the test database is dropped at the end of the session.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test import Client

from fritt.accounts.models import User
from fritt.accounts.roles import Role
from fritt.accounts.services import assign_role
from fritt.tenancy.provisioning import provision_municipality
from public_site.catalogue.services import sync_catalogue
from public_site.suppliers.models import Supplier
from tenants.municipalities.models import Municipality
from tenants.municipalities.services import sync_registry

TEST_MUNICIPALITIES = {"bergen": "4601", "trondheim": "5001", "eidfjord": "4619", "ulvik": "4620"}
PASSWORD = "test-passord-123"
_counter = itertools.count(1)


def pytest_report_header(config):
    if not shutil.which(os.environ.get("FRITT_CHROMIUM", "/usr/bin/chromium")):
        return (
            "!!! CHROMIUM NOT FOUND: browser tests (marked 'browser') WILL BE SKIPPED. "
            "Install Debian's chromium (apt-get install chromium) to run them. !!!"
        )
    return None


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The registry, the catalogue and the test municipalities, committed once per session."""
    with django_db_blocker.unblock():
        sync_registry()
        sync_catalogue()
        for number in TEST_MUNICIPALITIES.values():
            provision_municipality(
                municipality=Municipality.registry.get(kommunenummer=number), activate=True
            )
        connection.set_schema_to_public()
    yield


@pytest.fixture(autouse=True)
def _back_to_public() -> Iterator[None]:
    """A request to a municipality's site leaves the connection in its schema; reset it."""
    yield
    if connection.connection is not None or connection.schema_name != "public":
        connection.set_schema_to_public()


@pytest.fixture
def committed(django_db_blocker) -> Iterator[None]:
    """Database access without a wrapping transaction: writes are committed for real."""
    with django_db_blocker.unblock():
        yield
        connection.set_schema_to_public()


def _municipality(slug: str) -> Municipality:
    return Municipality.objects.get(kommunenummer=TEST_MUNICIPALITIES[slug])


@pytest.fixture
def bergen(db) -> Municipality:
    return _municipality("bergen")


@pytest.fixture
def trondheim(db) -> Municipality:
    return _municipality("trondheim")


@pytest.fixture
def eidfjord(db) -> Municipality:
    return _municipality("eidfjord")


@pytest.fixture
def ulvik(db) -> Municipality:
    return _municipality("ulvik")


def make_user(
    role: str | None = None,
    *,
    municipality: Municipality | None = None,
    supplier: Supplier | None = None,
    email: str | None = None,
    full_name: str = "Test Testesen",
) -> User:
    """Create a user (password PASSWORD) and optionally give it a role in a scope."""
    email = email or f"bruker{next(_counter)}-{os.getpid()}@test.example"
    user = User.objects.create_user(email, PASSWORD, full_name=full_name)
    if role:
        assign_role(user=user, role=role, municipality=municipality, supplier=supplier)
    return user


@pytest.fixture
def user_factory(db):
    return make_user


@pytest.fixture
def supplier(db) -> Supplier:
    return Supplier.objects.create(orgnr="912345602", name="Omsorg Test AS")


@pytest.fixture
def operator(db) -> User:
    return make_user(Role.PLATFORM_OPERATOR)


@pytest.fixture
def analyst(db) -> User:
    return make_user(Role.MINISTRY_ANALYST)


class SiteClient(Client):
    """A test client bound to one host: the national site or `<slug>.localhost`."""

    def __init__(self, host: str, **kwargs):
        super().__init__(HTTP_HOST=host, **kwargs)
        self.host = host


def site_client(slug: str | None = None, user: User | None = None) -> SiteClient:
    client = SiteClient(f"{slug}.localhost" if slug else "localhost")
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def national_client() -> SiteClient:
    return site_client()

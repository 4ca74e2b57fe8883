"""Helpers for tests: users with roles, clients bound to a host, browser and polling checks."""

from __future__ import annotations

import itertools
import os

import pytest
from django.test import Client

from fritt.accounts.models import User
from fritt.accounts.services import assign_role
from public_site.suppliers.models import Supplier
from tenants.municipalities.models import Municipality

PASSWORD = "test-passord-123"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_counter = itertools.count(1)


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


def make_supplier(*, orgnr: str, name: str, **fields) -> Supplier:
    """A supplier account as it stands after the register answered and an operator confirmed
    the claim to its org.nr (what every account needs before it may apply or be approved)."""
    from django.utils import timezone

    fields = {"register_status": "verified", "claim_confirmed_at": timezone.now(), **fields}
    return Supplier.objects.create(orgnr=orgnr, name=name, **fields)


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


def site_url(live_server_url: str, slug: str | None = None, path: str = "/") -> str:
    if slug:
        return live_server_url.replace("//localhost", f"//{slug}.localhost") + path
    return live_server_url + path


def assert_accessible(page) -> None:
    """axe-core finds no WCAG 2.1 A/AA violations on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def wait_for(predicate, *, timeout: float = 30.0, interval: float = 0.2, message: str = ""):
    """Poll until predicate() is truthy; return its value or fail with `message`."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(message or "timed out waiting")

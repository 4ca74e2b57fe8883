"""The one door between schemas: enter one municipality's schema, the public schema, or each
municipality in turn. Apart from the routing middleware, nothing else switches schema
(tests/test_architecture.py holds the line).

All schemas live in one PostgreSQL database, so a move between them runs inside the caller's
transaction: a municipality's write and its national projection commit or roll back together.
Evaluate querysets inside the block: a queryset built here and read outside it would read the
schema of wherever it is evaluated.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection
from django_tenants.utils import get_public_schema_name, get_tenant_model, schema_context
from django_tenants.utils import tenant_context as _tenant_context


@contextmanager
def in_municipality(municipality) -> Iterator[None]:
    """Run the block in this municipality's schema (the public schema stays on the path)."""
    with _tenant_context(municipality):
        yield


@contextmanager
def in_public() -> Iterator[None]:
    """Run the block in the public schema only, whatever schema the caller is in."""
    with schema_context(get_public_schema_name()):
        yield


def each_municipality(municipalities: Iterable | None = None) -> Iterator:
    """Visit each provisioned municipality (or the given ones) in its own schema, in turn:
    the body of the caller's loop runs inside that schema."""
    if municipalities is None:
        municipalities = get_tenant_model().objects.order_by("schema_name")
    for municipality in list(municipalities):
        with _tenant_context(municipality):
            yield municipality


def current_municipality():
    """The municipality whose schema is active; a service that writes a municipality's tables
    refuses to run anywhere else (the public schema has no such tables)."""
    tenant = getattr(connection, "tenant", None)
    if not isinstance(tenant, get_tenant_model()):
        raise RuntimeError("this runs in a municipality's schema")
    return tenant

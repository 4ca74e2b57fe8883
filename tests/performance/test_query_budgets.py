"""Query budgets: every page a role may GET (staff, supplier, citizen, national, the API lists and
Django's admin) is sent twice, once in the isolation world grown by two of everything a list
shows and once after three more; its number of SQL statements must be the same. A page that
reads per row (an N+1) fails here the day it is written, whatever its name.

The pages come from the URL configuration and the isolation test's access table, so a new route
is measured without being listed here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.performance.volume import grow
from tests.security import access_table as table
from tests.security.test_isolation import (
    SAME_ON_NATIONAL,
    SITES,
    owns,
    routes,
    rule_for,
    skipped,
    variants,
)
from tests.security.world import World, build_world

FIRST_GROWTH, SECOND_GROWTH = 2, 3

# Pages whose cost follows the rows on purpose, each with the reason. Nothing else may grow.
EXEMPT: dict[str, str] = {
    # Django's own confirmation lists every row the delete would take along, each by its str().
    "admin:suppliers_supplier_delete": "Django's delete confirmation names each related row",
}


@dataclass(frozen=True)
class Page:
    site: str
    route: str
    identity: str
    url: str


@dataclass(frozen=True)
class Measured:
    status: int
    statements: int
    sql: tuple[str, ...]


def pages(world: World) -> list[Page]:
    """Every (route, identity, url) whose GET the access table allows, with the identity's own
    ids: one identity per role the route admits."""
    found = []
    for site, (urlconf, _host, _rules) in SITES.items():
        for route in routes(site):
            rule = rule_for(route, site)
            if skipped(route) or rule is None or "GET" not in rule.methods:
                continue
            if route.name in EXEMPT:
                continue
            for labels, kwargs in variants(world, route, rule):
                url = reverse(route.name, urlconf=urlconf, kwargs=kwargs or None)
                roles_seen: set[frozenset[str]] = set()
                for identity in world.identities.values():
                    if site == "national" and identity.name in SAME_ON_NATIONAL:
                        continue
                    held = table.held(identity.name, site)
                    if not (rule.roles & held) or not owns(identity, labels):
                        continue
                    if held in roles_seen:
                        continue
                    roles_seen.add(held)
                    found.append(Page(site, route.name, identity.name, url))
    return found


def measure(client: Client, page: Page) -> Measured:
    """One GET in a savepoint that is rolled back, its statements counted (a streamed body is
    read to the end inside the count)."""
    host = SITES[page.site][1]
    cache.clear()
    # request_started empties the log; an offset taken before it would cut the count.
    connection.queries_log.clear()
    try:
        with transaction.atomic():
            with CaptureQueriesContext(connection) as captured:
                response = client.get(page.url, HTTP_HOST=host)
                if getattr(response, "streaming", False):
                    b"".join(response.streaming_content)
            transaction.set_rollback(True)
    finally:
        connection.set_schema_to_public()
    sql = tuple(q["sql"] for q in captured.captured_queries)
    return Measured(response.status_code, len(sql), sql)


def measure_all(clients: dict[str, Client], found: list[Page], *, warm: bool):
    result = {}
    for page in found:
        if warm:  # process-wide caches (translations, content types) filled once, as in use
            measure(clients[page.identity], page)
        result[page] = measure(clients[page.identity], page)
    return result


@pytest.fixture(scope="module")
def budgets(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[dict]:
    media = tmp_path_factory.mktemp("budget-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = build_world()
            grow(world, FIRST_GROWTH)
            clients = {}
            for name, identity in world.identities.items():
                clients[name] = Client()
                if identity.user is not None:
                    clients[name].force_login(identity.user)
            found = pages(world)
            small = measure_all(clients, found, warm=True)
            grow(world, SECOND_GROWTH)
            large = measure_all(clients, found, warm=False)
            yield {page: (small[page], large[page]) for page in found}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            connection.set_schema_to_public()


def _route_names() -> list[tuple[str, str]]:
    names = []
    for site in SITES:
        for route in routes(site):
            rule = rule_for(route, site)
            if skipped(route) or rule is None or "GET" not in rule.methods:
                continue
            if route.name in EXEMPT:
                continue
            names.append((site, route.name))
    return names


def _diff(small: Measured, large: Measured) -> str:
    """The statements the larger world sent more often: where the per-row reads are."""
    import re
    from collections import Counter

    def shape(sql: str) -> str:  # the statement without its values, which differ per run
        return re.sub(r"'[^']*'|\b\d+\b", "?", sql)

    more = Counter(map(shape, large.sql)) - Counter(map(shape, small.sql))
    return "\n".join(f"  {n}× {sql[:300]}" for sql, n in more.most_common(5))


@pytest.mark.parametrize(("site", "route"), _route_names())
def test_statement_count_does_not_grow_with_the_rows(site, route, budgets, settings):
    measured = {p: m for p, m in budgets.items() if p.site == site and p.route == route}
    assert measured, f"{route}: no identity may GET it in the world"
    problems = []
    for page, (small, large) in measured.items():
        if small.status != large.status:
            problems.append(f"{page.identity} {page.url}: {small.status} then {large.status}")
        elif small.statements != large.statements:
            problems.append(
                f"{page.identity} {page.url}: {small.statements} statements with "
                f"{FIRST_GROWTH} more rows, {large.statements} with {SECOND_GROWTH} more\n"
                + _diff(small, large)
            )
    assert not problems, "\n".join(problems)

"""Hostile query strings on every public route: a NUL byte, a very long value, broken
percent-encoding, invalid UTF-8, huge numbers and markup in each query parameter are answered
with a page or a 400, never a 500; and the announcement filters refuse what names nothing."""

from __future__ import annotations

import logging

import pytest
from django.test import Client
from django.urls import reverse

from tests.security import access_table as table
from tests.security.test_isolation import SITES, routes, rule_for, skipped, variants

# Raw query-string values: sent as they are, so broken encodings reach Django undecoded.
HOSTILE = {
    "nul": "%00",
    "long": "a" * 20_000,
    "broken-percent": "%ZZ%",
    "bad-utf8": "%C3%28%FF%FE",
    "surrogate": "%ED%A0%80",
    "huge-number": "9" * 5_000,
    "markup": "%3Cscript%3Ealert(1)%3C/script%3E",
}
# Every query parameter a public page or the open API reads, and one it does not.
PARAMS = [
    "q", "tjeneste", "fylke", "kommune", "status", "interkommunal", "sorter", "side", "limit",
    "offset", "format", "lifecycle", "county", "sami_area", "omrade", "fra", "til", "kart",
    "next", "x",
]  # fmt: skip
ANSWERS = {200, 301, 302, 400, 403, 404, 405}
# The announcement filters that name something (a code, a number, a slug, a choice).
FILTERED = {
    "announcements:list": {"tjeneste", "fylke", "kommune", "status", "interkommunal", "sorter"},
    "announcements:feed": {"tjeneste", "fylke", "kommune", "status", "interkommunal", "sorter"},
    "api-announcements": {"tjeneste", "fylke", "kommune", "status", "interkommunal", "sorter"},
    "api-supplier-register": {"tjeneste", "kommune"},
}


def _public_urls(world, site: str) -> list[tuple[str, str]]:
    urlconf = SITES[site][0]
    found = []
    for route in routes(site):
        rule = rule_for(route, site)
        if skipped(route) or rule is None or "GET" not in rule.methods:
            continue
        if table.ANYONE not in rule.roles:
            continue
        filled = next(iter(variants(world, route, rule)), None)
        if filled is None:
            continue
        found.append((route.name, reverse(route.name, urlconf=urlconf, kwargs=filled[1] or None)))
    return found


def _ask(client: Client, host: str, url: str) -> int:
    try:
        return client.get(url, HTTP_HOST=host).status_code
    except Exception:  # the test client re-raises what the view raised: a 500
        return 500


def _query(params, value: str) -> str:
    return "&".join(f"{param}={value}" for param in params)


@pytest.mark.parametrize("site", SITES)
def test_hostile_query_values_never_answer_500(site, isolation_world, sent_tasks, caplog):
    """Each hostile value in every parameter at once; where that is refused (400), a check of
    one parameter may hide a crash in another, so each parameter is then tried on its own."""
    caplog.set_level(logging.CRITICAL, logger="django.request")
    host = SITES[site][1]
    client = Client()
    problems, asked = [], 0

    def check(name: str, url: str, query: str, label: str, must_refuse: bool = False):
        nonlocal asked
        status = _ask(client, host, f"{url}?{query}")
        asked += 1
        if status not in ANSWERS:
            problems.append(f"{url} [{name}] {label}: {status}")
        elif must_refuse and status != 400:
            problems.append(f"{url} [{name}] {label}: {status}, not 400")
        return status

    for name, url in _public_urls(isolation_world, site):
        for kind, value in HOSTILE.items():
            check(name, url, f"{value}&&=&%=%", f"bare {kind}")
            status = check(name, url, _query(PARAMS, value), f"all={kind}")
            if status == 400 and kind != "nul":  # NUL is refused before any view runs
                for param in PARAMS:
                    check(
                        name, url, _query([param], value), f"{param}={kind}",
                        must_refuse=param in FILTERED.get(name, ()),
                    )  # fmt: skip
    assert asked > 200
    assert not problems, "\n".join(problems)

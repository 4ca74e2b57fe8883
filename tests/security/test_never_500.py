"""Every page answers for every role, and never with a server error: each GET route of both
sites (Django's admin included), filled with the site's own ids, is asked by every identity of
the isolation world (anonymous, citizen, proxy, case worker, officer, municipal admin, supplier
admin and member, ministry analyst, operator), and `/admin/` is asked on the national host and
on a municipality's host. What each role may see is test_isolation's business; this test only
says that the answer is one a browser can show: 200, a redirect (to log in), 403 or 404."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from tests.security.test_isolation import SITES, clients, routes, rule_for, send, skipped, variants

SHOWN = {200, 301, 302, 403, 404}
# Answers that are right for these routes: an allowed GET of a POST-only form (405), an API
# without a token (401), a health check without a worker (503), a login step asked for without
# the login it belongs to (400: a page that says start again).
ALSO_RIGHT = {
    "accounts:logout": {405}, "healthz": {503}, "admin:logout": {405},
    "identity:callback": {400}, "identity:totp": {400},
}  # fmt: skip


def _expected(route_name: str | None) -> set[int]:
    extra = ALSO_RIGHT.get(route_name or "", set())
    if route_name and "api-" in route_name:
        extra = extra | {401, 405}
    return SHOWN | extra


@pytest.mark.parametrize("site", SITES)
def test_every_get_page_answers_every_role_without_a_server_error(
    site, isolation_world, sent_tasks, caplog
):
    caplog.set_level(logging.CRITICAL, logger="django.request")
    urlconf, host, _rules = SITES[site]
    by_identity = clients(isolation_world)
    problems, asked = [], 0
    for route in routes(site):
        rule = rule_for(route, site)
        if skipped(route) or rule is None or "GET" not in rule.methods:
            continue
        filled = next(iter(variants(isolation_world, route, rule)), None)
        if filled is None:
            continue
        url = reverse(route.name, urlconf=urlconf, kwargs=filled[1] or None)
        for name in isolation_world.identities:
            outcome = send(by_identity[name], "GET", host, url)
            asked += 1
            if outcome.status not in _expected(route.name):
                problems.append(
                    f"{name:22} GET {url} [{route.name}]: {outcome.status} {outcome.error}"
                )
    assert asked > 100
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("host", ["localhost", "bergen.localhost", "trondheim.localhost"])
def test_admin_never_answers_500_on_any_host(host, isolation_world, sent_tasks, caplog):
    caplog.set_level(logging.CRITICAL, logger="django.request")
    by_identity = clients(isolation_world)
    for name in isolation_world.identities:
        for path in ("/admin/", "/admin/login/", "/admin/accounts/"):
            outcome = send(by_identity[name], "GET", host, path)
            assert outcome.status in SHOWN, (name, host, path, outcome.status, outcome.error)
    # The operator (Django staff) gets the admin's index itself on the national host.
    assert send(by_identity["operator"], "GET", "localhost", "/admin/").status == 200

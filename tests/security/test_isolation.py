"""Isolation generated from the URL configuration: every route × every role × own and another
tenant's (supplier's, user's) ids, on Bergen's site and the national site.

For each request: never a 500; a role the access table does not list is refused (403/404/405,
401 for the API, or a redirect to a login page), and so is any id that is not the identity's
own; a refused request writes nothing and sends no task; an allowed one with its own ids works
(the positive control that proves the ids are real); and no body ever shows a marker string of
data the identity may not see (Trondheim's recipient, scheme, zone; the other supplier's
documents, colleagues and saved searches; another citizen's recipient).
"""

from __future__ import annotations

import inspect
import itertools
import logging
import re
from dataclasses import dataclass
from http.cookies import SimpleCookie

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security import access_table as table
from tests.security.world import MARK, World

SITES = {
    "bergen": ("fritt.urls_tenant", "bergen.localhost", table.TENANT_ROUTES),
    "national": ("fritt.urls_public", "localhost", table.NATIONAL_ROUTES),
}
REFUSED = {401, 403, 404, 405}
# On the national site a municipality's staff and citizens hold nothing national, so Trondheim's
# and the second citizen are the same case as Bergen's there; they are tried on Bergen's site.
SAME_ON_NATIONAL = {
    "bergen_proxy", "trondheim_citizen", "trondheim_case_worker", "trondheim_officer",
    "trondheim_admin",
}  # fmt: skip
LOGIN_PATHS = ("/logg-inn/", "/admin/login/")


@dataclass(frozen=True)
class Route:
    name: str | None
    pattern: str
    params: tuple[str, ...]
    callback: object


def walk(patterns, prefix: str = "", namespaces: tuple[str, ...] = ()):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = namespaces + ((entry.namespace,) if entry.namespace else ())
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            params = tuple(
                m.group(1) or m.group(2)
                for m in re.finditer(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", pattern)
            )
            name = ":".join((*namespaces, entry.name)) if entry.name else None
            yield Route(name, pattern, params, entry.callback)


def routes(site: str) -> list[Route]:
    return list(walk(get_resolver(SITES[site][0]).url_patterns))


def rule_for(route: Route, site: str) -> table.Rule | None:
    if route.name and route.name.startswith("admin:"):
        base = table.ADMIN_ROUTES.get(route.name, table.ADMIN_RULE)
        params = {p: table.ADMIN_PARAMS.get(p, "?") for p in route.params}
        return table.Rule(base.roles, params, base.methods, base.ok)
    return SITES[site][2].get(route.name)


def skipped(route: Route) -> bool:
    if route.name is None:
        return route.pattern.startswith(table.ALLOW_LIST_UNNAMED_PATTERNS)
    return route.name in table.ALLOW_LIST


def _reads_post(callback) -> bool:
    """Whether a view handles POST: a class with a post method, or a function that reads it."""
    cls = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if cls is not None:
        return hasattr(cls, "post")
    target = inspect.unwrap(callback)
    try:
        source = inspect.getsource(target if inspect.isfunction(target) else type(target))
    except (OSError, TypeError):
        return False
    return "POST" in source


# --- The table covers the URL configuration ---------------------------------------------------


@pytest.mark.parametrize("site", SITES)
def test_every_route_has_an_entry_and_fillable_parameters(site):
    problems = []
    for route in routes(site):
        if skipped(route):
            continue
        rule = rule_for(route, site)
        if route.name is None:
            problems.append(f"{route.pattern}: unnamed route (name it, or allow-list it)")
        elif rule is None:
            problems.append(f"{route.name} ({route.pattern}): no entry in access_table")
        elif set(rule.params) != set(route.params) or "?" in rule.params.values():
            problems.append(
                f"{route.name} ({route.pattern}): parameters {sorted(route.params)} "
                f"but the table fills {sorted(rule.params)}"
            )
        elif (
            not route.name.startswith("admin:")
            and "POST" not in rule.methods
            and _reads_post(route.callback)
        ):
            # The other way round (a view that hands POST to a helper) is not detected here.
            problems.append(f"{route.name}: the view reads POST but the table lists GET only")
    names = {r.name for r in routes(site)}
    stale = [n for n in SITES[site][2] if n not in names]
    problems += [f"{n}: in access_table but not in the URL configuration" for n in stale]
    assert not problems, "\n".join(problems)


# --- Filling parameters -----------------------------------------------------------------------


def _admin_value(route: Route, kind: str):
    if kind == "admin_app_label":
        return "accounts"
    model = route.callback.model_admin.model
    first = model._default_manager.order_by("pk").first()
    return None if first is None else first.pk


def variants(world: World, route: Route, rule: table.Rule):
    """(labels, kwargs) pairs: the base (first label of each kind), each parameter in turn set to
    each of its other labels, and all parameters at once set to one label where they all have it.
    Action slugs are not ids: every valid action goes with every id variant."""
    id_params = {p: k for p, k in rule.params.items() if k not in table.ACTIONS}
    action_params = {p: k for p, k in rule.params.items() if k in table.ACTIONS}
    if route.name and route.name.startswith("admin:"):
        values = {p: _admin_value(route, k) for p, k in rule.params.items()}
        if None in values.values():
            return
        yield dict.fromkeys(values, "own"), values
        return
    choices = {p: world.ids[k] for p, k in id_params.items()}
    base = {p: next(iter(c)) for p, c in choices.items()}
    combos = [base]
    for p, c in choices.items():
        combos += [{**base, p: label} for label in c if label != base[p]]
    labels = set().union(*(set(c) for c in choices.values())) if choices else set()
    for label in sorted(labels):
        if len(choices) > 1 and all(label in c for c in choices.values()):
            combos.append(dict.fromkeys(choices, label))
    seen = set()
    for combo in combos:
        key = tuple(sorted(combo.items()))
        if key in seen:
            continue
        seen.add(key)
        kwargs = {p: choices[p][label] for p, label in combo.items()}
        for actions in itertools.product(*(table.ACTIONS[k] for k in action_params.values())):
            yield combo, {**kwargs, **dict(zip(action_params, actions, strict=True))}


def owns(identity, labels: dict[str, str]) -> bool:
    for label in labels.values():
        owner = label.split("@")[0]
        if owner in {"own", "public"} or owner in identity.tags:
            continue
        return False
    return True


def forbidden_markers(identity: str, site: str) -> set[str]:
    """Marker strings this identity must never see on this site."""
    alfa = identity.startswith("alfa_") or identity == "operator"  # the admin lists users
    bravo = identity.startswith("bravo_") or identity == "operator"
    keys = {"trondheim_recipient"}
    if site == "bergen":
        keys |= {"trondheim_scheme", "trondheim_zone", "bravo_name", "bravo_document",
                 "bravo_search"}  # fmt: skip
        if identity != "bravo_member":  # the page header shows one's own name
            keys.add("bravo_member")
        bergen_staff = identity.startswith("bergen_") and identity not in {
            "bergen_citizen", "bergen_proxy"
        }  # fmt: skip
        if not (bergen_staff or identity in {"bergen_citizen", "alfa_admin", "alfa_member"}):
            keys.add("citizen_recipient")
        if not (bergen_staff or identity == "bergen_proxy"):
            keys.add("proxy_recipient")
    else:
        # Recipients live in municipalities' schemas only; the nation never shows one.
        keys |= {"citizen_recipient", "proxy_recipient"}
        if not alfa:
            keys |= {"alfa_document", "alfa_member"}
        if not bravo:
            keys |= {"bravo_document", "bravo_member"}
        if identity != "alfa_admin":
            keys.add("alfa_search")
        if identity != "bravo_admin":
            keys.add("bravo_search")
    return {MARK[k] for k in keys}


# --- Sending, with a savepoint around each request ----------------------------------------------

WRITES_SQL = (
    "SELECT schemaname || '.' || relname, n_tup_ins + n_tup_upd + n_tup_del "
    "FROM pg_stat_xact_user_tables WHERE n_tup_ins + n_tup_upd + n_tup_del > 0"
)


def _writes() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(WRITES_SQL)
        return dict(cursor.fetchall())


@dataclass
class Outcome:
    status: int
    location: str
    body: str
    written: list[str]
    error: str = ""


def send(client: Client, method: str, host: str, url: str) -> Outcome:
    """One request in a savepoint that is always rolled back; cookies restored afterwards, so a
    logout or a language switch does not change who the next request is."""
    cookies = SimpleCookie()
    cookies.load(client.cookies.output(header="", sep=";"))
    before = _writes()
    try:
        with transaction.atomic():
            try:
                response = getattr(client, method.lower())(url, HTTP_HOST=host)
                after = _writes()
            finally:
                transaction.set_rollback(True)
    except Exception as exc:  # the client re-raises what the view raised: a 500
        return Outcome(500, "", "", [], f"{type(exc).__name__}: {exc}")
    finally:
        client.cookies = cookies
        connection.set_schema_to_public()
    if getattr(response, "streaming", False):
        # Reading it to the end closes it (the client's wrapper); closing it again here would
        # send request_finished outside the client and close the world's connection.
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    written = sorted(t for t, n in after.items() if n > before.get(t, 0))
    return Outcome(
        response.status_code,
        response.get("Location", ""),
        body.decode("utf-8", errors="replace"),
        written,
    )


def _login_redirect(outcome: Outcome) -> bool:
    return outcome.status == 302 and outcome.location.startswith(LOGIN_PATHS)


def check(site, identity, route, rule, method, labels, url, outcome, sent) -> list[str]:
    where = f"{identity.name:22} {method:4} {url}  [{route.name}; ids {labels}]"
    if outcome.status >= 500:
        return [f"{where}: {outcome.status} {outcome.error}".rstrip()]
    problems = []
    roles = table.held(identity.name, site)
    allowed = bool(rule.roles & roles) and owns(identity, labels)
    if allowed:
        if method == "GET" and outcome.status not in rule.ok:
            problems.append(f"{where}: allowed, expected {sorted(rule.ok)}, got {outcome.status}")
        if method == "POST" and (outcome.status in REFUSED or _login_redirect(outcome)):
            problems.append(f"{where}: allowed POST refused with {outcome.status}")
    else:
        if outcome.status not in REFUSED and not _login_redirect(outcome):
            problems.append(
                f"{where}: must be refused, got {outcome.status} {outcome.location}".rstrip()
            )
        if outcome.written:
            problems.append(f"{where}: refused request wrote to {outcome.written}")
        if sent:
            problems.append(f"{where}: refused request sent tasks {sent}")
        if identity.name == "anonymous" and outcome.status == 200:
            problems.append(f"{where}: anonymous visitor got a non-public page")
    for marker in forbidden_markers(identity.name, site):
        if marker in outcome.body:
            problems.append(f"{where}: body shows «{marker}»")
    return problems


def clients(world: World) -> dict[str, Client]:
    out = {}
    for name, identity in world.identities.items():
        client = Client()
        if identity.user is not None:
            client.force_login(identity.user)
        out[name] = client
    return out


@pytest.mark.parametrize("site", SITES)
def test_every_route_role_and_foreign_id(site, isolation_world, sent_tasks, caplog):
    caplog.set_level(logging.CRITICAL, logger="django.request")  # thousands of 403/404 lines
    urlconf, host, _rules = SITES[site]
    world = isolation_world
    by_identity = clients(world)
    problems: list[str] = []
    requests = writes_seen = 0
    for route in routes(site):
        rule = rule_for(route, site)
        if skipped(route) or rule is None:
            continue  # test_every_route_has_an_entry_and_fillable_parameters reports these
        methods = rule.methods
        filled = list(variants(world, route, rule))
        if not filled:
            problems.append(f"{route.name}: cannot fill {route.params}; add a row to world.py")
        for labels, kwargs in filled:
            url = reverse(route.name, urlconf=urlconf, kwargs=kwargs or None)
            for identity in world.identities.values():
                if site == "national" and identity.name in SAME_ON_NATIONAL:
                    continue
                for method in methods:
                    sent_tasks.clear()
                    outcome = send(by_identity[identity.name], method, host, url)
                    requests += 1
                    writes_seen += bool(outcome.written)
                    problems += check(
                        site, identity, route, rule, method, labels, url, outcome,
                        list(sent_tasks),
                    )  # fmt: skip
    # The write detector works: allowed requests (posts, access-logged views) were seen writing.
    assert requests > 0 and writes_seen > 0
    known = {reason: [p for p in problems if name in p and text in p]
             for where, name, text, reason in table.KNOWN_ISSUES if where == site}  # fmt: skip
    problems = [p for p in problems if not any(p in hits for hits in known.values())]
    problems += [f"KNOWN_ISSUES entry no longer happens, remove it: {reason}"
                 for reason, hits in known.items() if not hits]  # fmt: skip
    assert not problems, f"{len(problems)} violations in {requests} requests:\n" + "\n".join(
        problems
    )

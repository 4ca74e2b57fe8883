"""In headless Chromium at 375 px: for each kind of user, the main pages (their start page and
every page its menus and main column link to, one step deep) never scroll sideways."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from public_site.catalogue.models import ServiceType
from tenants.municipalities.models import Municipality
from tenants.recipients.models import (
    AccessRelation,
    Assignment,
    ContactRelation,
    ServiceDecision,
)
from tenants.recipients.services import add_contact
from tests.factories import (
    approve,
    grant_confirmed,
    make_user,
    new_decision,
    new_recipient,
    published,
    site_url,
    wipe_application_world,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
# Links that leave the page for a file, a form post or another service.
SKIP = (".csv", ".pdf", ".xml", ".json", "eksport", "last-ned", "/api/", "/admin/", "/i18n/",
        "logg-ut", "/healthz", "feed", "atom", "mailto:", "tel:")  # fmt: skip
PER_ROLE = 14


def _log_in(page, user, origin: str) -> None:
    """The user's session in the browser, as after a login (staff logins need a second factor
    that is not what this test is about)."""
    client = Client(HTTP_HOST=urlsplit(origin).hostname)
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "fritt_session", "value": client.cookies["fritt_session"].value, "url": origin}]
    )


def _links(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "header nav a[href], main a[href]",
        "els => els.map(e => new URL(e.getAttribute('href'), location.href).href)",
    )
    found = []
    for href in hrefs:
        url = href.split("#", 1)[0]
        if url.startswith(origin) and not any(s in url.lower() for s in SKIP):
            found.append(url)
    return list(dict.fromkeys(found))


def _too_wide(page, url: str) -> str | None:
    try:
        response = page.goto(url)
    except Exception as exc:  # a download starts instead of a page
        if "Download" in str(exc):
            return None
        raise
    if response is None or response.status >= 400:
        return None  # what each role may reach is the isolation test's business
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        # The outermost elements that stick out, to say where to look.
        culprit = page.evaluate(
            """() => { const w = document.documentElement.clientWidth;
              const wide = [...document.querySelectorAll('body *')].filter(
                e => e.getBoundingClientRect().right > w + 1
                  && !(e.parentElement && e.parentElement.getBoundingClientRect().right > w + 1));
              return wide.slice(0, 3).map(e => e.tagName + '.' + e.className + '#' + e.id + ' '
                + Math.round(e.getBoundingClientRect().right)).join(', '); }"""
        )
        return f"{url}: {width}px ({culprit})"
    return None


def test_no_main_page_scrolls_sideways_on_a_phone(page, live_server_url):
    bergen = Municipality.objects.get(kommunenummer="4601")
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=bergen, full_name="Olav Officer")
    case_worker = make_user(Role.CASE_WORKER, municipality=bergen, full_name="Cato Case")
    admin = make_user(Role.MUNICIPAL_ADMIN, municipality=bergen, full_name="Ada Admin")
    citizen = make_user(full_name="Astrid Bredde-Berg")
    proxy = make_user(full_name="Frode Fullmektig")
    operator = make_user(Role.PLATFORM_OPERATOR, full_name="Drift Driftesen")
    analyst = make_user(Role.MINISTRY_ANALYST, full_name="Ane Analytiker")
    suppliers = []
    try:
        with tenant_context(bergen):
            scheme = published(by=officer, title="Praktisk bistand i Bergen (mobilbredde)")
            approval = approve(scheme, "Brede Omsorgstjenester Vestlandet AS")
            suppliers = [approval.supplier]
            supplier_admin = make_user(
                Role.SUPPLIER_ADMIN, supplier=approval.supplier, full_name="Sara Sjef"
            )
            recipient = new_recipient(case_worker, name="Astrid Bredde-Berg")
            new_decision(case_worker, recipient, ServiceType.objects.get(code="praktisk-bistand"))
            grant_confirmed(case_worker, recipient, citizen, AccessRelation.SELF)
            add_contact(
                by=case_worker, recipient=recipient, full_name="Frode Fullmektig",
                relation=ContactRelation.PROXY,
            )  # fmt: skip
            grant_confirmed(case_worker, recipient, proxy, AccessRelation.PROXY)

        national = site_url(live_server_url)[:-1]
        municipal = site_url(live_server_url, "bergen")[:-1]
        walks = [
            ("anonymous", None, national, ["/", "/tilgjengelighet/", "/personvern/"]),
            ("anonymous", None, municipal, ["/", "/valg/praktisk-bistand/"]),
            ("citizen", citizen, municipal, ["/min-side/"]),
            ("proxy", proxy, municipal, ["/min-side/"]),
            ("case worker", case_worker, municipal, ["/ansatt/"]),
            ("officer", officer, municipal, ["/ansatt/"]),
            ("municipal admin", admin, municipal, ["/ansatt/"]),
            ("supplier admin", supplier_admin, national, ["/leverandor/"]),
            ("supplier admin", supplier_admin, municipal, ["/oppdrag/"]),
            ("operator", operator, national, ["/drift/"]),
            ("analyst", analyst, national, ["/tall/"]),
        ]
        page.set_viewport_size(PHONE)
        problems, seen = [], 0
        for role, user, origin, starts in walks:
            page.context.clear_cookies()
            if user is not None:
                _log_in(page, user, origin)
            urls = []
            for start in starts:
                page.goto(origin + start)
                urls += [origin + start, *_links(page, origin)]
            for url in list(dict.fromkeys(urls))[:PER_ROLE]:
                seen += 1
                if (problem := _too_wide(page, url)) is not None:
                    problems.append(f"{role}: {problem}")
        assert seen > 60
        assert problems == [], "\n".join(problems)
    finally:
        with tenant_context(bergen):
            Assignment.objects.filter(decision__recipient__full_name="Astrid Bredde-Berg").delete()
            ServiceDecision.objects.filter(recipient__full_name="Astrid Bredde-Berg").delete()
        wipe_application_world([bergen], suppliers)

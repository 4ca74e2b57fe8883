"""In headless Chromium: a citizen switches provider on a confirmation step that shows the day
the switch takes effect, is told in their own words when choosing the current provider again,
and cancels the pending switch; axe on every page, and no sideways scroll at 375 px."""

import datetime

import pytest
from django.utils import dateformat, timezone, translation
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from tenants.municipalities.models import Municipality
from tenants.recipients import selectors, services
from tenants.recipients.models import AccessRelation, Assignment, ServiceDecision
from tests.factories import (
    PASSWORD,
    approve,
    assert_accessible,
    grant_confirmed,
    make_fnr,
    make_user,
    new_decision,
    new_recipient,
    published,
    site_url,
    wipe_application_world,
)

pytestmark = pytest.mark.browser


def _day(date: datetime.date) -> str:
    with translation.override("nb"):
        return dateformat.format(date, "j. F Y")


def _no_sideways_scroll(page) -> None:
    page.set_viewport_size({"width": 375, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_citizen_confirms_a_switch_with_its_date_and_cancels_it(page, live_server_url):
    from public_site.catalogue.models import ServiceType

    ulvik = Municipality.objects.get(kommunenummer="4620")
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=ulvik)
    case_worker = make_user(Role.CASE_WORKER, municipality=ulvik)
    citizen = make_user(full_name="Berit Bytter")
    suppliers = []
    try:
        with tenant_context(ulvik):
            scheme = published(by=officer, title="Praktisk bistand i Ulvik (bytte)")
            first = approve(scheme, "Fjellro Omsorg AS")
            second = approve(scheme, "Havbris Hjemmehjelp AS")
            suppliers = [first.supplier, second.supplier]
            recipient = new_recipient(case_worker, name="Berit Bytter", fnr=make_fnr("080853"))
            decision = new_decision(
                case_worker, recipient, ServiceType.objects.get(code="praktisk-bistand")
            )
            grant_confirmed(case_worker, recipient, citizen, AccessRelation.SELF)
            services.choose_provider(by=citizen, decision=decision, approval=first)
            switch_on = timezone.localdate() + datetime.timedelta(days=scheme.switching_notice_days)

        page.goto(site_url(live_server_url, "ulvik", "/logg-inn/?next=/min-side/"))
        page.get_by_label("E-post").fill(citizen.email)
        page.get_by_label("Passord").fill(PASSWORD)
        page.get_by_role("button", name="Logg inn").click()
        page.wait_for_url("**/min-side/")
        page.get_by_role("link", name="Bytt leverandør").click()
        page.wait_for_load_state()
        main = page.locator("main").inner_text()
        assert _day(switch_on) in main  # the date, not "varslingstid"

        # The current provider again: said to the citizen, in the second person.
        page.get_by_label("Fjellro Omsorg AS").check()
        page.get_by_role("button", name="Gå videre").click()
        page.wait_for_load_state()
        assert "Dette er allerede din leverandør" in page.locator("main").inner_text()
        assert_accessible(page)

        page.get_by_label("Havbris Hjemmehjelp AS").check()
        page.get_by_role("button", name="Gå videre").click()
        page.wait_for_load_state()
        step = page.locator("main").inner_text()
        assert "Bekreft valget" in step and _day(switch_on) in step
        assert_accessible(page)
        _no_sideways_scroll(page)
        with tenant_context(ulvik):
            assert selectors.upcoming_assignment(decision) is None  # nothing recorded yet
        page.get_by_role("button", name="Bekreft byttet").click()
        page.wait_for_url("**/min-side/")
        assert "Havbris Hjemmehjelp AS" in page.locator("main").inner_text()
        with tenant_context(ulvik):
            assert selectors.upcoming_assignment(decision).approval == second
            assert selectors.upcoming_assignment(decision).starts_on == switch_on
        assert_accessible(page)

        page.get_by_role("button", name="Angre byttet og behold Fjellro Omsorg AS").click()
        page.wait_for_url("**/min-side/")
        assert "Byttet er angret" in page.locator("main").inner_text()
        assert_accessible(page)
        _no_sideways_scroll(page)
        with tenant_context(ulvik):
            current = selectors.current_assignment(decision)
            assert current.approval == first and current.ends_on is None
            assert selectors.upcoming_assignment(decision) is None
    finally:
        with tenant_context(ulvik):
            Assignment.objects.all().delete()
            ServiceDecision.objects.all().delete()
        wipe_application_world([ulvik], suppliers)

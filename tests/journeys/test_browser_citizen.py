"""In headless Chromium: a citizen reads the decision-support page, logs in, chooses a provider
online and sees who has viewed the data; axe on every page."""

import pytest
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from tenants.municipalities.models import Municipality
from tenants.recipients import selectors
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
    site_url,
    wipe_application_world,
)

pytestmark = pytest.mark.browser


def test_citizen_compares_chooses_and_sees_who_viewed(page, live_server_url):
    from public_site.catalogue.models import ServiceType
    from tests.factories import published

    ulvik = Municipality.objects.get(kommunenummer="4620")
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=ulvik)
    case_worker = make_user(Role.CASE_WORKER, municipality=ulvik, full_name="Kasper Kasus")
    citizen = make_user(full_name="Ingrid Innbygger")
    suppliers = []
    try:
        with tenant_context(ulvik):
            scheme = published(by=officer, title="Praktisk bistand i Ulvik (nettleser)")
            first = approve(scheme, "Fjord Omsorg AS")
            second = approve(scheme, "Vidde Hjemmehjelp AS")
            suppliers = [first.supplier, second.supplier]
            recipient = new_recipient(case_worker, name="Ingrid Innbygger", fnr=make_fnr("070752"))
            decision = new_decision(
                case_worker, recipient, ServiceType.objects.get(code="praktisk-bistand")
            )
            grant_confirmed(case_worker, recipient, citizen, AccessRelation.SELF)

        page.goto(site_url(live_server_url, "ulvik", "/valg/praktisk-bistand/"))
        main = page.locator("main").inner_text()
        assert "Fjord Omsorg AS" in main and "Vidde Hjemmehjelp AS" in main
        assert "Kommunal egenregi" in main and "Rekkefølgen er tilfeldig" in main
        assert_accessible(page)
        page.set_viewport_size({"width": 375, "height": 740})  # on a phone
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375  # nothing cut off
        page.set_viewport_size({"width": 1280, "height": 900})

        page.goto(site_url(live_server_url, "ulvik", "/logg-inn/?next=/min-side/"))
        page.get_by_label("E-post").fill(citizen.email)
        page.get_by_label("Passord").fill(PASSWORD)
        page.get_by_role("button", name="Logg inn").click()
        page.wait_for_url("**/min-side/")
        assert "Ingrid Innbygger" in page.locator("main").inner_text()
        assert_accessible(page)
        page.get_by_role("link", name="Velg leverandør").click()
        page.wait_for_load_state()
        assert_accessible(page)
        page.get_by_label("Vidde Hjemmehjelp AS").check()
        page.get_by_role("button", name="Gå videre").click()
        page.wait_for_load_state()
        assert_accessible(page)
        page.get_by_role("button", name="Bekreft valget").click()
        page.wait_for_url("**/min-side/")
        assert "Vidde Hjemmehjelp AS" in page.locator("main").inner_text()
        assert_accessible(page)
        page.get_by_role("link", name="Se hvem som har sett opplysningene").click()
        page.wait_for_load_state()
        table = page.locator("table").inner_text()
        assert "Kasper Kasus" in table and "Ingrid Innbygger" in table
        assert_accessible(page)
        page.set_viewport_size({"width": 375, "height": 740})  # the wide table scrolls on a phone
        assert_accessible(page)
        with tenant_context(ulvik):
            assert selectors.current_assignment(decision).approval == second
    finally:
        with tenant_context(ulvik):
            # The recipient and the access log stay: the log is append-only by design.
            Assignment.objects.all().delete()
            ServiceDecision.objects.all().delete()
        wipe_application_world([ulvik], suppliers)

"""In headless Chromium: an officer publishes a scheme and the nation finds it; axe on each page."""

import pytest
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from tenants.municipalities.models import Municipality
from tenants.schemes.models import Scheme
from tests.factories import PASSWORD, assert_accessible, complete_draft, make_user, site_url

pytestmark = pytest.mark.browser


def test_officer_publishes_and_the_national_site_finds_it(page, live_server_url):
    trondheim = Municipality.objects.get(kommunenummer="5001")
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=trondheim, full_name="Tone Trondheim")
    with tenant_context(trondheim):
        Scheme.objects.filter(title="Dagaktivitet for personer med demens").delete()
        scheme = complete_draft(
            by=officer, title="Dagaktivitet for personer med demens", code="dagaktivitet"
        )

    page.goto(site_url(live_server_url, "trondheim", "/logg-inn/?next=/ansatt/ordninger/"))
    page.get_by_label("E-post").fill(officer.email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/ansatt/ordninger/")
    assert_accessible(page)
    page.get_by_role("link", name="Dagaktivitet for personer med demens").click()
    assert_accessible(page)
    page.get_by_role("button", name="Kunngjør").click()
    page.wait_for_load_state()
    assert "Kunngjort" in page.locator("main").inner_text()

    page.goto(site_url(live_server_url, None, "/kunngjoringer/?tjeneste=dagaktivitet"))
    assert_accessible(page)
    page.get_by_role("link", name="Dagaktivitet for personer med demens").first.click()
    page.wait_for_load_state()
    assert "Trondheim kommune" in page.locator("main").inner_text()
    assert "Slik søker du" in page.locator("main").inner_text()
    assert_accessible(page)
    with tenant_context(trondheim):
        scheme.refresh_from_db()
        assert scheme.status == "published"

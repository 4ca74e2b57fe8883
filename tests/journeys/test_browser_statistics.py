"""In headless Chromium: the analyst's dashboard, its map and a drill-down, and the public
figures, checked with axe."""

import pytest

from tests.factories import PASSWORD, assert_accessible, site_url

pytestmark = pytest.mark.browser


def test_analyst_dashboard_map_and_drill_down_pass_axe(page, live_server_url):
    from fritt.accounts.roles import Role
    from tests.factories import make_user

    analyst = make_user(Role.MINISTRY_ANALYST, full_name="Anne Analytiker")
    page.goto(site_url(live_server_url, None, "/logg-inn/?next=/statistikk/"))
    page.get_by_label("E-post").fill(analyst.email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/statistikk/")
    assert page.locator("h1").inner_text() == "Fritt brukervalg i Norge"
    assert page.locator("svg.map a").count() == 357
    assert_accessible(page)

    bergen = page.locator('svg.map a[data-kommune="4601"]')
    assert bergen.get_attribute("aria-label").startswith("Bergen: ")
    bergen.focus()  # the keyboard reaches every municipality on the map
    page.keyboard.press("Enter")
    page.wait_for_url("**omrade=k4601**")
    assert "Bergen kommune" in page.get_by_role("status").first.inner_text()
    assert_accessible(page)

    page.goto(site_url(live_server_url, None, "/tall/?kart=leverandorer"))
    assert page.locator("svg.map a").count() == 357
    assert_accessible(page)

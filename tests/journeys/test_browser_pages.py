"""In headless Chromium: the national page and a municipality page, checked with axe."""

import pytest

from tests.factories import assert_accessible, site_url

pytestmark = pytest.mark.browser


def test_national_and_municipality_pages_pass_axe(page, live_server_url):
    page.goto(site_url(live_server_url))
    assert page.locator("h1").inner_text() == "Fritt brukervalg"
    assert page.get_attribute("html", "lang") == "nb"
    assert_accessible(page)

    page.get_by_role("link", name="Trondheim kommune").first.click()
    page.wait_for_url("**trondheim.localhost**")
    assert "Fritt brukervalg i Trondheim kommune" in page.locator("h1").inner_text()
    css = page.evaluate("getComputedStyle(document.querySelector('.ds-skip-link')).position")
    assert css == "absolute"  # Designsystemet's CSS is served locally and applied
    assert_accessible(page)


def test_skip_link_moves_focus_to_main(page, live_server_url):
    page.goto(site_url(live_server_url, "bergen"))
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Hopp til hovedinnhold" in focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "hovedinnhold"


def test_language_switch_changes_language(page, live_server_url):
    page.goto(site_url(live_server_url, None, "/kommuner/"))
    page.select_option("#language-select", "en")
    page.get_by_role("button", name="Bytt språk").click()
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("h1").inner_text() == "Municipalities"
    assert_accessible(page)


def test_login_and_refusal_in_the_browser(page, live_server_url):
    from fritt.accounts.roles import Role
    from tenants.municipalities.models import Municipality
    from tests.factories import PASSWORD, make_user

    bergen = Municipality.objects.get(kommunenummer="4601")
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=bergen, full_name="Berit Bergen")
    page.goto(site_url(live_server_url, "bergen", "/logg-inn/"))
    assert_accessible(page)
    page.get_by_label("E-post").fill(officer.email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/ansatt/")
    assert "Velkommen, Berit Bergen" in page.locator("h1").inner_text()
    assert_accessible(page)
    response = page.goto(site_url(live_server_url, "trondheim", "/ansatt/"))
    assert response.status == 302 or page.url.endswith("/logg-inn/?next=/ansatt/")


@pytest.mark.browser
def test_pages_work_under_the_policy_in_a_browser(page, live_server_url):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(site_url(live_server_url, None, "/api/docs/"))
    page.wait_for_selector(".swagger-ui .info .title", timeout=15_000)
    assert "Fritt brukervalg API" in page.locator(".swagger-ui .info .title").inner_text()
    for slug, path in [(None, "/"), ("bergen", "/logg-inn/"), (None, "/admin/login/")]:
        page.goto(site_url(live_server_url, slug, path))
        page.wait_for_load_state("networkidle")
    assert violations == []

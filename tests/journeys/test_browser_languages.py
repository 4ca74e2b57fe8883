"""In headless Chromium: nynorsk chosen on the national site follows the visitor to a
municipality's site and back, and every footer leads to the accessibility statement and the
privacy notice (axe on each)."""

import pytest

from tests.factories import assert_accessible, site_url

pytestmark = pytest.mark.browser


def test_the_language_choice_follows_the_visitor_between_sites(page, live_server_url):
    page.goto(site_url(live_server_url, None, "/"))
    assert page.locator("html").get_attribute("lang") == "nb"
    page.locator("#language-select").select_option("nn")
    page.get_by_role("button", name="Bytt språk").click()
    assert page.locator("html").get_attribute("lang") == "nn"

    # The national home page lists the municipalities that are live; Bergen's link carries
    # the choice over, and Bergen keeps it in its own cookie.
    page.locator("main a[href*='bergen.localhost']").first.click()
    page.wait_for_url("**/bergen.localhost*/**")
    assert page.locator("html").get_attribute("lang") == "nn"
    page.goto(site_url(live_server_url, "bergen", "/ordninger/"))
    assert page.locator("html").get_attribute("lang") == "nn"
    assert "Godkjenningsordningar" in page.locator("h1").inner_text()
    assert_accessible(page)

    # English on Bergen's site goes back to the national site the same way.
    page.locator("#language-select").select_option("en")
    page.locator("form.language-form button").click()
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator("header a", has_text="National site").click()
    page.wait_for_load_state()
    assert page.url.startswith(live_server_url + "/")
    assert page.locator("html").get_attribute("lang") == "en"


@pytest.mark.parametrize("slug", [None, "bergen"])
def test_every_footer_links_the_statement_and_the_privacy_notice(page, live_server_url, slug):
    page.goto(site_url(live_server_url, slug, "/"))
    page.locator("footer").get_by_role("link", name="Tilgjengelighetserklæring").click()
    assert page.locator("h1").inner_text() == "Tilgjengelighetserklæring"
    main = page.locator("main").inner_text()
    assert "WCAG 2.1" in main and "Tilsynet for universell utforming av ikt" in main
    assert_accessible(page)
    page.locator("footer").get_by_role("link", name="Personvernerklæring").click()
    assert page.locator("h1").inner_text() == "Personvernerklæring"
    main = page.locator("main").inner_text()
    assert ("Bergen kommune" in main) == (slug == "bergen")
    assert "databehandler" in main and "Datatilsynet" in main
    assert_accessible(page)

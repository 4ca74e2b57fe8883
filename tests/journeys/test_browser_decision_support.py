"""In headless Chromium: a citizen filters the decision-support page by zone and language,
compares two providers side by side, finds phone and e-mail as links and the municipality's
own number, prints the page without the site's chrome, and nothing scrolls sideways on a
phone; axe on every state."""

import pytest
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from tenants.municipalities.models import Municipality
from tenants.schemes import services as scheme_services
from tenants.zones.models import Zone
from tests.factories import (
    approve,
    assert_accessible,
    make_user,
    published,
    site_url,
    wipe_application_world,
)

pytestmark = pytest.mark.browser


def test_filter_compare_call_and_print(page, live_server_url):
    ulvik = Municipality.objects.get(kommunenummer="4620")
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=ulvik)
    suppliers = []
    try:
        with tenant_context(ulvik):
            osa = Zone.objects.create(name="Osa (nettleser)")
            scheme = published(by=officer, title="Praktisk bistand i Ulvik (valgstøtte)")
            scheme_services.update_scheme(scheme=scheme, by=officer, contact_phone="56 52 62 00")
            first = approve(scheme, "Fjord Omsorg AS")
            second = approve(scheme, "Vidde Hjemmehjelp AS", zones=[osa])
            second.languages = "norsk, arabisk"
            second.save(update_fields=["languages"])
            suppliers = [first.supplier, second.supplier]

        page.goto(site_url(live_server_url, "ulvik", "/valg/praktisk-bistand/"))
        contact = page.locator(".municipal-contact")
        assert contact.get_by_role("link", name="56 52 62 00").get_attribute("href") == (
            "tel:56526200"
        )
        assert page.locator("a[href='tel:55112233']").count() == 2  # each supplier's phone
        assert_accessible(page)

        page.get_by_label("Språk personalet snakker").select_option("arabisk")
        page.get_by_role("button", name="Vis leverandører").click()
        page.wait_for_load_state()
        cards = page.locator(".providers").inner_text()
        assert "Vidde Hjemmehjelp AS" in cards and "Fjord Omsorg AS" not in cards
        assert_accessible(page)
        page.get_by_role("link", name="Vis alle").click()
        page.wait_for_load_state()

        page.get_by_label("Sammenlign Fjord Omsorg AS").check()
        page.get_by_label("Sammenlign Vidde Hjemmehjelp AS").check()
        page.get_by_role("button", name="Sammenlign de avkryssede").click()
        page.wait_for_load_state()
        table = page.locator("table.compare")
        header = table.locator("thead").inner_text()
        assert "Fjord Omsorg AS" in header and "Vidde Hjemmehjelp AS" in header
        assert "Osa (nettleser)" in table.inner_text()
        assert_accessible(page)

        page.set_viewport_size({"width": 375, "height": 740})
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert_accessible(page)
        page.set_viewport_size({"width": 1280, "height": 900})

        page.emulate_media(media="print")
        assert not page.locator("header.site-header").is_visible()
        assert not page.locator("form.filters").is_visible()
        assert page.locator("table.compare").is_visible()
        page.emulate_media(media="screen")
    finally:
        wipe_application_world([ulvik], suppliers)
        with tenant_context(ulvik):
            Zone.objects.filter(name="Osa (nettleser)").delete()

"""In headless Chromium: a supplier applies to two municipalities at once, both officers
approve, the supplier sees both approvals; axe on every page visited."""

import pytest

from fritt.accounts.roles import Role
from tenants.municipalities.models import Municipality
from tests.factories import (
    COMMON,
    PASSWORD,
    announce,
    assert_accessible,
    make_supplier,
    make_user,
    site_url,
    vault_document,
    wipe_application_world,
)

# Uploads go to the test's own folder (MEDIA_ROOT), also for the live server or worker.
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("media")]

TITLE = "Praktisk bistand (nettlesertest)"


def log_in(page, url, email):
    page.goto(url)
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()


def test_supplier_applies_to_two_municipalities_and_both_approve(page, live_server_url):
    bergen = Municipality.objects.get(kommunenummer="4601")
    trondheim = Municipality.objects.get(kommunenummer="5001")
    supplier = make_supplier(orgnr="912345696", name="Nettleser Omsorg AS")
    try:
        admin = make_user(Role.SUPPLIER_ADMIN, supplier=supplier, full_name="Nina Nettleser")
        vault_document(supplier, admin)
        officers = {}
        for municipality in (bergen, trondheim):
            officers[municipality.slug] = make_user(
                Role.MUNICIPAL_OFFICER, municipality=municipality
            )
            announce(municipality, officers[municipality.slug], title=TITLE)

        log_in(
            page,
            site_url(live_server_url, None, f"/logg-inn/?next=/leverandor/{supplier.pk}/sok/"),
            admin.email,
        )
        page.wait_for_url(f"**/leverandor/{supplier.pk}/sok/")
        assert_accessible(page)
        page.get_by_label(f"{TITLE} – Bergen kommune").check()
        page.get_by_label(f"{TITLE} – Trondheim kommune").check()
        page.get_by_role("button", name="Fortsett til søknaden").click()
        page.wait_for_load_state()
        assert_accessible(page)
        for field, value in COMMON.items():
            page.fill(f"#id_felles-{field}", value)
        page.get_by_role("button", name="Send søknaden").click()
        page.wait_for_url(f"**/leverandor/{supplier.pk}/soknader/")
        assert "Søknaden er sendt til 2 ordninger" in page.locator("main").inner_text()
        assert_accessible(page)

        for slug in ("bergen", "trondheim"):
            page.context.clear_cookies()
            log_in(page, site_url(live_server_url, slug, "/logg-inn/?next=/ansatt/soknader/"),
                   officers[slug].email)  # fmt: skip
            page.wait_for_url("**/ansatt/soknader/")
            assert_accessible(page)
            page.get_by_role("link", name="Nettleser Omsorg AS").click()
            page.wait_for_load_state()
            assert "Sjekkliste for vilkårene" in page.locator("main").inner_text()
            assert_accessible(page)
            for radio in page.get_by_label("Oppfylt", exact=True).all():
                radio.check()
            page.get_by_role("button", name="Lagre vurderingen").click()
            page.wait_for_load_state()
            page.get_by_label("Melding eller begrunnelse til leverandøren").fill("Velkommen.")
            page.get_by_role("button", name="Godkjenn").click()
            page.wait_for_load_state()
            assert "Se godkjenningen" in page.locator("main").inner_text()

        page.context.clear_cookies()
        log_in(
            page,
            site_url(live_server_url, None, f"/logg-inn/?next=/leverandor/{supplier.pk}/soknader/"),
            admin.email,
        )
        page.wait_for_url(f"**/leverandor/{supplier.pk}/soknader/")
        rows = page.locator("tbody tr")
        assert rows.count() == 2
        for i in range(2):
            assert "Godkjent" in rows.nth(i).inner_text()
        assert_accessible(page)
        page.get_by_role("link", name=TITLE).first.click()
        page.wait_for_load_state()
        assert "Aksepter kontrakten" in page.locator("main").inner_text()
        assert_accessible(page)
    finally:
        wipe_application_world([bergen, trondheim], [supplier])

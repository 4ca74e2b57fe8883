"""In headless Chromium: an officer sees that a supplier answered a supplement request, opens
the document sent with the answer, records their own judgement of the condition and approves;
axe on every page, and no sideways scroll at 375 px."""

import pytest
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from public_site.applying import services as apply_once
from tenants.applications import services
from tenants.applications.models import Application, ApplicationStatus
from tenants.applications.services import PartRequest
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

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("media")]


def _no_sideways_scroll(page) -> None:
    page.set_viewport_size({"width": 375, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_officer_sees_the_supplement_document_and_records_an_assessment(page, live_server_url):
    eidfjord = Municipality.objects.get(kommunenummer="4619")
    supplier = make_supplier(orgnr="912345610", name="Svarbrev Omsorg AS")
    try:
        admin = make_user(Role.SUPPLIER_ADMIN, supplier=supplier)
        officer = make_user(Role.MUNICIPAL_OFFICER, municipality=eidfjord, full_name="Oda Ordning")
        old = vault_document(supplier, admin, days_ago=30)
        announcement = announce(eidfjord, officer, title="Praktisk bistand (vurdering)")
        apply_once.submit_envelope(
            supplier=supplier, by=admin, common_answers=COMMON,
            parts=[(announcement, PartRequest(scheme_id=0, document_ids=[old.pk]))],
        )  # fmt: skip
        with tenant_context(eidfjord):
            application = Application.objects.get(supplier=supplier)
            services.request_supplement(
                application=application, by=officer, message="Send en ny firmaattest."
            )
        newer = vault_document(supplier, admin, days_ago=0)
        with tenant_context(eidfjord):
            services.supplement(
                application=application, by=admin, message="Ny attest vedlagt.",
                document_ids=[newer.pk],
            )  # fmt: skip
            newest = application.documents.get(vault_document_id=newer.pk)

        page.goto(site_url(live_server_url, "eidfjord", "/logg-inn/?next=/ansatt/soknader/"))
        page.get_by_label("E-post").fill(officer.email)
        page.get_by_label("Passord").fill(PASSWORD)
        page.get_by_role("button", name="Logg inn").click()
        page.wait_for_url("**/ansatt/soknader/")
        assert "Besvart av leverandøren" in page.locator("main").inner_text()
        assert_accessible(page)
        page.get_by_role("link", name="Svarbrev Omsorg AS").click()
        page.wait_for_load_state()
        main = page.locator("main").inner_text()
        assert "Nytt i svaret" in main and "Ny attest vedlagt." in main
        # The checklist links the document that came with the answer, not the old one.
        link = f"/ansatt/soknader/{application.pk}/dokumenter/{newest.pk}/"
        assert page.locator(f"table a[href='{link}']").count() == 1
        with page.expect_download() as download:
            page.locator(f"table a[href='{link}']").click()
        assert download.value.suggested_filename.endswith(".pdf")
        assert "Ikke vurdert" in main
        assert_accessible(page)
        _no_sideways_scroll(page)

        # Approving before judging is refused with the reason.
        page.get_by_role("button", name="Godkjenn").click()
        page.wait_for_load_state()
        assert "Vurder hvert vilkår" in page.locator("main").inner_text()

        page.get_by_label("Ikke oppfylt", exact=True).check()
        page.get_by_role("button", name="Lagre vurderingen").click()
        page.wait_for_load_state()
        assert "ikke er oppfylt" in page.locator("main").inner_text()  # a comment is required
        assert_accessible(page)
        page.get_by_label("Oppfylt", exact=True).check()
        page.get_by_label("Kommentar").fill("Attesten er ny og gyldig.")
        page.get_by_role("button", name="Lagre vurderingen").click()
        page.wait_for_load_state()
        main = page.locator("main").inner_text()
        assert "Vurderingen av 1 vilkår er lagret" in main and "Attesten er ny og gyldig." in main
        assert_accessible(page)
        page.get_by_role("button", name="Godkjenn").click()
        page.wait_for_load_state()
        assert "Søknaden er godkjent" in page.locator("main").inner_text()
        assert_accessible(page)
        with tenant_context(eidfjord):
            assert Application.objects.get(pk=application.pk).status == ApplicationStatus.APPROVED
    finally:
        wipe_application_world([eidfjord], [supplier])

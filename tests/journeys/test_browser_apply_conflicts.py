"""In headless Chromium: a supplier approved in Bergen and waiting for Trondheim sees both marked
in the scheme picker with links to the announcements, is told before filling in the form that
they are taken out, and sends to the remaining scheme; axe on every page."""

import pytest
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from public_site.applying import services as apply_once
from public_site.applying.models import ApplicationPart
from tenants.applications import services as review
from tenants.applications.models import Application
from tenants.applications.services import PartRequest
from tenants.municipalities.models import Municipality
from tests.factories import (
    COMMON,
    announce,
    assert_accessible,
    assess_all,
    make_supplier,
    make_user,
    site_url,
    vault_document,
    wipe_application_world,
)
from tests.journeys.test_browser_apply import log_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("media")]

TITLE = "Praktisk bistand (konflikttest)"
OTHER = "Hjemmesykepleie (konflikttest)"


def _apply(supplier, admin, document, announcement):
    apply_once.submit_envelope(
        supplier=supplier, by=admin, common_answers=COMMON,
        parts=[(announcement, PartRequest(scheme_id=0, document_ids=[document.pk]))],
    )  # fmt: skip


def test_picker_marks_approved_and_pending_schemes_and_sends_to_the_others(page, live_server_url):
    bergen = Municipality.objects.get(kommunenummer="4601")
    trondheim = Municipality.objects.get(kommunenummer="5001")
    supplier = make_supplier(orgnr="912345718", name="Konflikt Omsorg AS")
    try:
        admin = make_user(Role.SUPPLIER_ADMIN, supplier=supplier, full_name="Kari Konflikt")
        document = vault_document(supplier, admin)
        officer = make_user(Role.MUNICIPAL_OFFICER, municipality=bergen)
        approved_in = announce(bergen, officer, title=TITLE)
        pending_in = announce(
            trondheim, make_user(Role.MUNICIPAL_OFFICER, municipality=trondheim), title=TITLE
        )
        free = announce(bergen, officer, title=OTHER, code="hjemmesykepleie")
        _apply(supplier, admin, document, approved_in)
        with tenant_context(bergen):
            application = Application.objects.get(supplier=supplier)
            assess_all(application, officer)
            review.approve(application=application, by=officer)
        _apply(supplier, admin, document, pending_in)

        log_in(
            page,
            site_url(live_server_url, None, f"/logg-inn/?next=/leverandor/{supplier.pk}/sok/"),
            admin.email,
        )
        page.wait_for_url(f"**/leverandor/{supplier.pk}/sok/")
        main = page.locator("main")
        bergen_row = main.locator("li", has_text=f"{TITLE} – Bergen kommune")
        trondheim_row = main.locator("li", has_text=f"{TITLE} – Trondheim kommune")
        assert "Dere er godkjent" in bergen_row.inner_text()
        assert "Søknaden er til behandling" in trondheim_row.inner_text()
        # Nothing to tick where applying again would be refused; the free scheme can be ticked.
        assert bergen_row.get_by_role("checkbox").count() == 0
        assert trondheim_row.get_by_role("checkbox").count() == 0
        page.get_by_label(f"{OTHER} – Bergen kommune").check()
        for announcement in (approved_in, pending_in, free):
            assert main.locator(f"a[href='/kunngjoringer/{announcement.pk}/']").count() == 1
        assert_accessible(page)

        # Chosen by hand (an old link or bookmark): the conflicts are said before the form.
        ids = "&".join(f"k={a.pk}" for a in (approved_in, pending_in, free))
        page.goto(site_url(live_server_url, None, f"/leverandor/{supplier.pk}/sok/skjema/?{ids}"))
        warning = main.locator(".ds-alert").inner_text()
        assert "2 ordninger er tatt ut av søknaden" in warning
        assert "dere er allerede godkjent her" in warning
        assert "dere har allerede en søknad til behandling her" in warning
        assert page.locator("fieldset legend", has_text=OTHER).count() == 1
        assert page.locator("fieldset legend", has_text=TITLE).count() == 0
        assert_accessible(page)
        for field, value in COMMON.items():
            page.fill(f"#id_felles-{field}", value)
        page.get_by_role("button", name="Send søknaden").click()
        page.wait_for_url(f"**/leverandor/{supplier.pk}/soknader/")
        assert_accessible(page)
        sent = ApplicationPart.objects.filter(envelope__supplier=supplier)
        assert sorted(p.announcement_id for p in sent) == sorted(
            [approved_in.pk, pending_in.pk, free.pk]
        )
        assert sent.filter(announcement=free, status="submitted").count() == 1
    finally:
        wipe_application_world([bergen, trondheim], [supplier])

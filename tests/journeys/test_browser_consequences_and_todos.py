"""In headless Chromium: the officer's suspend asks for confirmation and says how many recipients
are affected and by when they choose again; the supplier's start page lists its to-dos (a
supplement request, a contract to accept, a document expiring). axe on every page."""

import datetime

import pytest
from django.utils import dateformat, timezone, translation
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from public_site.applying import services as apply_once
from public_site.catalogue.models import ServiceType
from tenants.applications import services as review
from tenants.applications.models import Application, ApprovalStatus
from tenants.applications.services import PartRequest
from tenants.municipalities.models import Municipality
from tenants.recipients import services as recipients
from tenants.recipients.models import Assignment, ServiceDecision
from tests.factories import (
    COMMON,
    announce,
    approve,
    assert_accessible,
    assess_all,
    make_supplier,
    make_user,
    new_decision,
    new_recipient,
    published,
    site_url,
    vault_document,
    wipe_application_world,
)
from tests.journeys.test_browser_apply import log_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("media")]


def _day(date: datetime.date) -> str:
    with translation.override("nb"):
        return dateformat.format(date, "j. F Y")


def test_suspend_is_confirmed_with_the_affected_recipient_count(page, live_server_url):
    eidfjord = Municipality.objects.get(kommunenummer="4619")
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=eidfjord)
    case_worker = make_user(Role.CASE_WORKER, municipality=eidfjord)
    suppliers = []
    try:
        with tenant_context(eidfjord):
            scheme = published(by=officer, title="Praktisk bistand i Eidfjord (suspensjon)")
            approval = approve(scheme, "Suspensjon Omsorg AS")
            suppliers = [approval.supplier]
            service = ServiceType.objects.get(code="praktisk-bistand")
            for name in ("Astrid Først", "Bjørn Andre"):
                decision = new_decision(case_worker, new_recipient(case_worker, name=name), service)
                recipients.choose_provider(
                    by=case_worker, decision=decision, approval=approval, how="på telefon"
                )
        choose_by = timezone.localdate() + datetime.timedelta(days=recipients.DEFAULT_CHOICE_DAYS)

        log_in(
            page,
            site_url(
                live_server_url, "eidfjord", f"/logg-inn/?next=/ansatt/godkjenninger/{approval.pk}/"
            ),
            officer.email,
        )
        page.wait_for_url(f"**/ansatt/godkjenninger/{approval.pk}/")
        assert_accessible(page)
        page.get_by_role("button", name="Suspender").click()
        page.wait_for_load_state()
        step = page.locator("main").inner_text()
        assert "Suspendere Suspensjon Omsorg AS?" in step
        assert f"2 brukere blir bedt om å velge leverandør på nytt innen {_day(choose_by)}" in step
        assert_accessible(page)
        with tenant_context(eidfjord):
            approval.refresh_from_db()
            assert approval.status == ApprovalStatus.ACTIVE  # nothing changes before confirming
        page.get_by_label("Begrunnelse til leverandøren").fill("Tilsyn viste brudd.")
        page.get_by_role("button", name="Bekreft suspensjonen").click()
        page.wait_for_url(f"**/ansatt/godkjenninger/{approval.pk}/")
        assert_accessible(page)
        with tenant_context(eidfjord):
            approval.refresh_from_db()
            assert approval.status == ApprovalStatus.SUSPENDED
    finally:
        with tenant_context(eidfjord):
            Assignment.objects.all().delete()
            ServiceDecision.objects.all().delete()
        wipe_application_world([eidfjord], suppliers)


def test_supplier_start_page_lists_the_to_dos(page, live_server_url):
    bergen = Municipality.objects.get(kommunenummer="4601")
    trondheim = Municipality.objects.get(kommunenummer="5001")
    supplier = make_supplier(orgnr="912345734", name="Gjøremål Omsorg AS")
    try:
        admin = make_user(Role.SUPPLIER_ADMIN, supplier=supplier, full_name="Gro Gjøremål")
        soon = timezone.localdate() + datetime.timedelta(days=10)
        document = vault_document(supplier, admin, valid_until=soon)
        officers = {m.slug: make_user(Role.MUNICIPAL_OFFICER, municipality=m)
                    for m in (bergen, trondheim)}  # fmt: skip
        title = "Praktisk bistand (gjøremål)"
        for municipality in (bergen, trondheim):
            apply_once.submit_envelope(
                supplier=supplier, by=admin, common_answers=COMMON,
                parts=[(announce(municipality, officers[municipality.slug], title=title),
                        PartRequest(scheme_id=0, document_ids=[document.pk]))],
            )  # fmt: skip
        with tenant_context(bergen):  # Bergen approves: a contract to accept
            application = Application.objects.get(supplier=supplier)
            assess_all(application, officers["bergen"])
            review.approve(application=application, by=officers["bergen"])
        with tenant_context(trondheim):  # Trondheim asks for more
            review.request_supplement(
                application=Application.objects.get(supplier=supplier),
                by=officers["trondheim"], message="Send skatteattest.",
            )  # fmt: skip

        log_in(page, site_url(live_server_url, None, "/logg-inn/?next=/leverandor/"), admin.email)
        page.wait_for_url("**/leverandor/")
        main = page.locator("main").inner_text()
        assert f"Svar på spørsmål fra Trondheim kommune: {title}" in main
        assert "Send skatteattest." in main
        assert f"Aksepter kontrakten med Bergen kommune: {title}" in main
        assert f"gyldig til {soon.day}." in main and document.title in main
        assert_accessible(page)
        page.get_by_role("link", name=f"Aksepter kontrakten med Bergen kommune: {title}").click()
        page.wait_for_load_state()
        assert "Aksepter kontrakten" in page.locator("main").inner_text()
        assert_accessible(page)
    finally:
        wipe_application_world([bergen, trondheim], [supplier])

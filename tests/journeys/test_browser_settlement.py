"""In headless Chromium: a supplier reports a visit for last month and sends the month; the
officer opens the month, approves and locks it; the recipient reports a deviation from the
visit on Min side; axe on every page."""

import datetime as dt

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from public_site.catalogue.models import ServiceType
from tenants.municipalities.models import Municipality
from tenants.recipients import services as recipient_services
from tenants.recipients.models import AccessRelation, Assignment, QualityCase, ServiceDecision
from tenants.settlement.models import DeliveryLine, LinePart, ReportMonth, ReportStatus
from tests.factories import (
    PASSWORD,
    approve,
    assert_accessible,
    grant_confirmed,
    make_fnr,
    make_user,
    new_decision,
    new_recipient,
    published,
    site_url,
    wipe_application_world,
)

pytestmark = pytest.mark.browser


def _login(page, live_server_url, user, next_path):
    page.goto(site_url(live_server_url, "eidfjord", f"/logg-inn/?next={next_path}"))
    page.get_by_label("E-post").fill(user.email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()


def test_supplier_reports_the_month_and_the_officer_approves_it(page, browser, live_server_url):
    eidfjord = Municipality.objects.get(kommunenummer="4619")
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=eidfjord, full_name="Oda Oppgjør")
    case_worker = make_user(Role.CASE_WORKER, municipality=eidfjord)
    today = timezone.localdate()
    month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    suppliers = []
    try:
        with tenant_context(eidfjord):
            scheme = published(by=officer, title="Praktisk bistand i Eidfjord (nettleser)")
            approval = approve(scheme, "Fjell Omsorg AS")
            suppliers = [approval.supplier]
            supplier_user = make_user(
                Role.SUPPLIER_ADMIN, supplier=approval.supplier, full_name="Siv Leverandør"
            )
            recipient = new_recipient(case_worker, name="Gunnar Mottaker", fnr=make_fnr("020340"))
            decision = new_decision(
                case_worker, recipient, ServiceType.objects.get(code="praktisk-bistand"),
                valid_from=month,
            )  # fmt: skip
            recipient_services.choose_provider(
                by=case_worker, decision=decision, approval=approval, how="Telefon", today=month
            )

        _login(page, live_server_url, supplier_user, f"/oppdrag/timer/?maaned={month:%Y-%m}")
        page.goto(site_url(live_server_url, "eidfjord", f"/oppdrag/timer/?maaned={month:%Y-%m}"))
        assert_accessible(page)
        # The labels read "Dato (påkrevd)" etc.; the fields' ids are unambiguous.
        page.locator("#id_date").fill(f"{month.replace(day=6):%Y-%m-%d}")
        page.locator("#id_start").fill("21:00")
        page.locator("#id_end").fill("01:00")
        page.get_by_label("Levert tjeneste").fill("Kveldsbesøk")
        page.get_by_role("button", name="Registrer").click()
        page.wait_for_load_state()
        main = page.locator("main").inner_text()
        assert "Kveldsbesøk" in main and "Gunnar Mottaker" in main
        assert_accessible(page)
        page.get_by_role("button", name="Send måneden til kommunen").click()
        page.wait_for_load_state()
        assert "Sendt til kommunen" in page.locator("main").inner_text()
        assert_accessible(page)

        officer_context = browser.new_context(locale="nb-NO")
        officer_page = officer_context.new_page()
        try:
            _login(officer_page, live_server_url, officer, f"/ansatt/oppgjor/?maaned={month:%Y-%m}")
            officer_page.goto(
                site_url(live_server_url, "eidfjord", f"/ansatt/oppgjor/?maaned={month:%Y-%m}")
            )
            assert_accessible(officer_page)
            officer_page.get_by_role("link", name="Fjell Omsorg AS").click()
            officer_page.wait_for_load_state()
            assert "Gunnar Mottaker" in officer_page.locator("main").inner_text()
            assert_accessible(officer_page)
            officer_page.get_by_role("button", name="Godkjenn og lås måneden").click()
            officer_page.wait_for_load_state()
            assert "Godkjent og låst" in officer_page.locator("main").inner_text()
            assert_accessible(officer_page)
        finally:
            officer_context.close()
        with tenant_context(eidfjord):
            assert ReportMonth.objects.get().status == ReportStatus.APPROVED
            assert DeliveryLine.objects.get().minutes == 240
            citizen = make_user(full_name="Gunnar Mottaker")
            grant_confirmed(case_worker, recipient, citizen, AccessRelation.SELF)

        citizen_context = browser.new_context(locale="nb-NO")
        citizen_page = citizen_context.new_page()
        try:
            _login(citizen_page, live_server_url, citizen, "/min-side/")
            citizen_page.goto(site_url(live_server_url, "eidfjord", "/min-side/"))
            assert_accessible(citizen_page)
            visit_day = f"{month.replace(day=6):%d.%m.%Y}"
            citizen_page.get_by_role("link", name=f"Meld avvik for besøket {visit_day}").click()
            citizen_page.wait_for_load_state()
            assert_accessible(citizen_page)
            citizen_page.locator("#id_description").fill("Hjelperen gikk etter en time.")
            citizen_page.get_by_role("button", name="Send avviket").click()
            citizen_page.wait_for_load_state()
            assert "Avviket er sendt til kommunen" in citizen_page.locator("main").inner_text()
            assert_accessible(citizen_page)
        finally:
            citizen_context.close()
        with tenant_context(eidfjord):
            case = QualityCase.objects.get()
            assert (case.kind, case.delivery_line_id) == (
                "deviation",
                DeliveryLine.objects.get().pk,
            )
    finally:
        with tenant_context(eidfjord):
            QualityCase.objects.all().delete()
            LinePart.objects.all().delete()
            DeliveryLine.objects.all().delete()
            ReportMonth.objects.all().delete()
            Assignment.objects.all().delete()
            ServiceDecision.objects.all().delete()
        wipe_application_world([eidfjord], suppliers)

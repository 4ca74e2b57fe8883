"""The officer's start page lists open applications by deadline, answered ones marked."""

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from public_site.applying import services as apply_once
from tenants.applications import services
from tenants.applications.models import Application
from tenants.applications.services import PartRequest
from tests.factories import COMMON, site_client

pytestmark = pytest.mark.usefixtures("media")


def test_the_officers_start_page_shows_workload_by_deadline(
    bergen, supplier, supplier_admin, officer_bergen, bergen_announcement, firmaattest
):
    apply_once.submit_envelope(
        supplier=supplier, by=supplier_admin, common_answers=COMMON,
        parts=[(bergen_announcement, PartRequest(scheme_id=0, document_ids=[firmaattest.pk]))],
    )  # fmt: skip
    with tenant_context(bergen):
        application = Application.objects.get()
        Application.objects.filter(pk=application.pk).update(
            decision_due=timezone.localdate() - datetime.timedelta(days=2)
        )
        services.request_supplement(application=application, by=officer_bergen, message="Mer.")
        services.supplement(application=application, by=supplier_admin, message="Her.")
    page = site_client("bergen", officer_bergen).get("/ansatt/").content.decode()
    assert "Fristen er passert (1)" in page and "Frist innen sju dager (0)" in page
    assert f"/ansatt/soknader/{application.pk}/" in page
    assert "Besvart av leverandøren: 1" in page

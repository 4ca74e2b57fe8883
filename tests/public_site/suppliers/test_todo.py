"""The supplier's start page lists what waits: supplement requests and contracts to accept."""

import pytest
from django_tenants.utils import tenant_context

from public_site.applying import services as apply_once
from public_site.applying.models import ApplicationPart
from tenants.applications import services
from tenants.applications.models import Application
from tenants.applications.services import PartRequest
from tests.factories import COMMON, announce, assess_all, site_client

pytestmark = pytest.mark.usefixtures("media")


def test_the_suppliers_start_page_lists_questions_and_contracts(
    bergen, trondheim, supplier, supplier_admin, officer_bergen, officer_trondheim, firmaattest
):
    parts = [
        (announce(m, officer, title=f"Praktisk bistand i {m.slug}"),
         PartRequest(scheme_id=0, document_ids=[firmaattest.pk]))
        for m, officer in ((bergen, officer_bergen), (trondheim, officer_trondheim))
    ]  # fmt: skip
    apply_once.submit_envelope(
        supplier=supplier, by=supplier_admin, common_answers=COMMON, parts=parts
    )
    client = site_client(None, supplier_admin)
    assert "Ingen spørsmål å svare på" in client.get("/leverandor/").content.decode()
    with tenant_context(bergen):
        services.request_supplement(
            application=Application.objects.get(), by=officer_bergen, message="Send HMS-plan."
        )
    with tenant_context(trondheim):
        application = Application.objects.get()
        assess_all(application, officer_trondheim)
        services.approve(application=application, by=officer_trondheim)
    page = client.get("/leverandor/").content.decode()
    bergen_part = ApplicationPart.objects.get(municipality=bergen)
    trondheim_part = ApplicationPart.objects.get(municipality=trondheim)
    assert "Svar på spørsmål fra Bergen kommune" in page and "Send HMS-plan." in page
    assert f"/leverandor/{supplier.pk}/soknader/{bergen_part.pk}/" in page
    assert "Aksepter kontrakten med Trondheim kommune" in page
    assert f"/leverandor/{supplier.pk}/soknader/{trondheim_part.pk}/" in page

"""A supplier's numbers and dates within reason: a capacity cap of 10^12 and a document valid
from year 1 are refused with a code (a 400 on the page), never stored or crashed on."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import tenant_context

from public_site.applying import services as apply_once
from public_site.applying.models import ApplicationPart
from public_site.suppliers import services as supplier_services
from tenants.applications.models import Application
from tenants.applications.services import PartRequest
from tests.factories import COMMON, apply_form_data, pdf_bytes, site_client


def test_a_capacity_cap_of_a_trillion_is_a_400_on_the_apply_page(
    supplier, supplier_admin, firmaattest, bergen_announcement
):
    data = apply_form_data(firmaattest, bergen_announcement)
    data[f"a{bergen_announcement.pk}-capacity_cap"] = str(10**12)
    response = site_client(None, supplier_admin).post(
        f"/leverandor/{supplier.pk}/sok/skjema/", data
    )
    assert response.status_code == 400
    part = response.context["parts"][0]
    assert [e.code for e in part.errors.as_data()["capacity_cap"]] == ["max_value"]
    assert not ApplicationPart.objects.exists()


def test_the_service_refuses_a_capacity_cap_beyond_reason(
    supplier, supplier_admin, firmaattest, bergen_announcement
):
    with pytest.raises(apply_once.ApplyError) as refused:
        apply_once.submit_envelope(
            supplier=supplier, by=supplier_admin, common_answers=COMMON,
            parts=[(bergen_announcement, PartRequest(scheme_id=0, capacity_cap=10**12,
                                                     document_ids=[firmaattest.pk]))],
        )  # fmt: skip
    assert refused.value.error.code == "cap_range"
    with tenant_context(bergen_announcement.host):
        assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("valid_from", "valid_until"),
    [(datetime.date(1, 1, 1), None), (timezone.localdate(), datetime.date(9999, 12, 31))],
)
def test_a_document_valid_from_year_one_or_until_9999_is_refused(
    supplier, supplier_admin, valid_from, valid_until
):
    with pytest.raises(ValidationError) as refused:
        supplier_services.upload_document(
            supplier=supplier, uploaded_by=supplier_admin,
            upload=SimpleUploadedFile("a.pdf", pdf_bytes()), document_type="firmaattest",
            title="Firmaattest", valid_from=valid_from, valid_until=valid_until,
        )  # fmt: skip
    assert refused.value.code == "date_out_of_range"
    assert not supplier.documents.exists()
    page = site_client(None, supplier_admin).post(
        f"/leverandor/{supplier.pk}/dokumenter/",
        {"document_type": "firmaattest", "title": "Firmaattest",
         "upload": SimpleUploadedFile("a.pdf", pdf_bytes(), content_type="application/pdf"),
         "valid_from": valid_from.isoformat(),
         "valid_until": valid_until.isoformat() if valid_until else ""},
    )  # fmt: skip
    errors = page.context["form"].errors.as_data()
    assert "date_out_of_range" in [e.code for errs in errors.values() for e in errs]
    assert not supplier.documents.exists()

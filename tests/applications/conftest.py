"""A small world for apply-once: two municipalities with published schemes, a supplier with a
valid firmaattest in its vault, officers in each municipality."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context
from fpdf import FPDF

from fritt.accounts.roles import Role
from public_site.announcements.models import Announcement
from public_site.suppliers import services as supplier_services
from tests.schemes.factories import published
from tests.support import make_user

COMMON = {
    "contact_name": "Siri Søker",
    "contact_email": "siri@omsorg.example",
    "contact_phone": "55 00 00 00",
    "about": "Vi har drevet praktisk bistand i ti år.",
    "languages": "norsk, engelsk, polsk",
    "staff_competence": "Helsefagarbeidere og assistenter med opplæring.",
    "additional_services": "Hagearbeid",
}


def pdf_bytes(text: str = "Dokument") -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text=text)
    return bytes(pdf.output())


def vault_document(supplier, user, *, document_type="firmaattest", valid_until=None, days_ago=1):
    today = datetime.date.today()
    return supplier_services.upload_document(
        supplier=supplier, uploaded_by=user, upload=SimpleUploadedFile("a.pdf", pdf_bytes()),
        document_type=document_type, title=f"{document_type} {today:%Y}",
        valid_from=today - datetime.timedelta(days=days_ago),
        valid_until=valid_until or today + datetime.timedelta(days=60),
    )  # fmt: skip


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def supplier_admin(supplier):
    return make_user(Role.SUPPLIER_ADMIN, supplier=supplier, full_name="Siri Søker")


@pytest.fixture
def firmaattest(supplier, supplier_admin):
    return vault_document(supplier, supplier_admin)


@pytest.fixture
def officer_bergen(bergen):
    return make_user(Role.MUNICIPAL_OFFICER, municipality=bergen, full_name="Ola Bergen")


@pytest.fixture
def officer_trondheim(trondheim):
    return make_user(Role.MUNICIPAL_OFFICER, municipality=trondheim, full_name="Tone Trondheim")


def announce(municipality, officer, **kwargs) -> Announcement:
    with tenant_context(municipality):
        scheme = published(by=officer, **kwargs)
    return Announcement.objects.get(host=municipality, scheme_id=scheme.pk)


@pytest.fixture
def bergen_announcement(bergen, officer_bergen):
    return announce(bergen, officer_bergen)


@pytest.fixture
def trondheim_announcement(trondheim, officer_trondheim):
    return announce(trondheim, officer_trondheim)


def condition_id(announcement) -> int:
    with tenant_context(announcement.host):
        from tenants.schemes.models import Scheme

        return Scheme.objects.get(pk=announcement.scheme_id).conditions.get().pk


def wipe_application_world(municipalities, suppliers) -> None:
    """Remove what a committed test made: applications, approvals, schemes, announcements,
    envelopes and the given suppliers, so later tests start from the shared world."""
    from public_site.announcements.models import Announcement
    from public_site.applying.models import ApplicationEnvelope, ApplicationPart, SavedSearch
    from tenants.applications.models import Application, Approval
    from tenants.schemes.models import Scheme

    ApplicationPart.objects.filter(municipality__in=municipalities).delete()
    ApplicationEnvelope.objects.filter(supplier__in=suppliers).delete()
    SavedSearch.objects.filter(user__role_assignments__supplier__in=suppliers).delete()
    for municipality in municipalities:
        with tenant_context(municipality):
            Approval.objects.all().delete()
            Application.objects.all().delete()
            Scheme.objects.all().delete()
    Announcement.objects.filter(host__in=municipalities).delete()
    for supplier in suppliers:
        supplier.documents.all().delete()
        supplier.role_assignments.all().delete()
        supplier.delete()

"""The document vault: content-checked uploads, validity, and downloads for own users only."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from fpdf import FPDF

from fritt.accounts.roles import Role
from public_site.suppliers import services
from public_site.suppliers.errors import SupplierError
from public_site.suppliers.selectors import expiring_documents, valid_document
from tests.factories import make_supplier, make_user, refused, site_client

TODAY = datetime.date(2026, 11, 22)


def pdf_bytes(text: str = "Firmaattest") -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text=text)
    return bytes(pdf.output())


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def member(supplier):
    return make_user(Role.SUPPLIER_MEMBER, supplier=supplier)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(supplier, user, content: bytes, name: str, **kwargs):
    return services.upload_document(
        supplier=supplier, uploaded_by=user, upload=SimpleUploadedFile(name, content),
        document_type=kwargs.pop("document_type", "firmaattest"), title=kwargs.pop("title", ""),
        valid_from=kwargs.pop("valid_from", TODAY), **kwargs,
    )  # fmt: skip


def test_pdf_and_png_are_accepted_and_stored_under_a_random_name(supplier, member, tmp_path):
    doc = upload(supplier, member, pdf_bytes(), "Firmaattest Ola Nordmann.pdf")
    assert doc.content_type == "application/pdf"
    assert doc.file.name.startswith(f"leverandorer/{supplier.pk}/") and "Ola" not in doc.file.name
    assert (tmp_path / "public" / doc.file.name).exists()
    image = upload(supplier, member, PNG, "forsikring.png", document_type="forsikringsbevis")
    assert image.content_type == "image/png"


@pytest.mark.parametrize(
    ("content", "name"),
    [(b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100, "attest.pdf"), (b"just text", "notat.pdf")],
)
def test_files_that_are_not_pdf_or_images_are_refused_by_content(supplier, member, content, name):
    with refused(SupplierError.FILE_TYPE):
        upload(supplier, member, content, name)
    assert not supplier.documents.exists()


def test_too_large_files_are_refused(supplier, member, settings):
    settings.SUPPLIER_DOCUMENT_MAX_BYTES = 1024
    with refused(SupplierError.TOO_LARGE):
        upload(supplier, member, pdf_bytes("x" * 50) + b"\x00" * 2048, "stor.pdf")


def test_validity_period_must_make_sense(supplier, member):
    with refused(SupplierError.VALID_PERIOD):
        upload(
            supplier, member, pdf_bytes(), "a.pdf", valid_until=TODAY - datetime.timedelta(days=1)
        )


def test_valid_and_expiring_documents(supplier, member):
    old = upload(supplier, member, pdf_bytes(), "gammel.pdf",
                 valid_from=TODAY - datetime.timedelta(days=200),
                 valid_until=TODAY - datetime.timedelta(days=10))  # fmt: skip
    soon = upload(supplier, member, pdf_bytes(), "ny.pdf",
                  valid_from=TODAY - datetime.timedelta(days=5),
                  valid_until=TODAY + datetime.timedelta(days=20))  # fmt: skip
    later = upload(supplier, member, PNG, "forsikring.png", document_type="forsikringsbevis",
                   valid_until=TODAY + datetime.timedelta(days=300))  # fmt: skip
    assert valid_document(supplier=supplier, document_type="firmaattest", on_date=TODAY) == soon
    assert (
        valid_document(
            supplier=supplier,
            document_type="firmaattest",
            on_date=TODAY - datetime.timedelta(days=50),
        )
        == old
    )
    assert valid_document(supplier=supplier, document_type="skatteattest", on_date=TODAY) is None
    assert list(expiring_documents(supplier=supplier, today=TODAY)) == [old, soon]
    assert later not in expiring_documents(supplier=supplier, today=TODAY)


def test_download_only_for_the_suppliers_own_users(supplier, member):
    doc = upload(supplier, member, pdf_bytes("hemmelig"), "attest.pdf")
    url = f"/leverandor/{supplier.pk}/dokumenter/{doc.pk}/last-ned/"
    response = site_client(None, member).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment")
    other = make_supplier(orgnr="912345610", name="Annen AS")
    outsider = make_user(Role.SUPPLIER_ADMIN, supplier=other)
    assert site_client(None, outsider).get(url).status_code == 403
    assert (
        site_client(None, outsider)
        .get(f"/leverandor/{other.pk}/dokumenter/{doc.pk}/last-ned/")
        .status_code
        == 404
    )
    assert site_client().get(url).status_code == 302


def test_upload_through_the_page(supplier, member):
    client = site_client(None, member)
    response = client.post(
        f"/leverandor/{supplier.pk}/dokumenter/",
        {"document_type": "skatteattest", "title": "Skatteattest 2026", "valid_from": "2026-11-01",
         "valid_until": "2026-12-01", "upload": SimpleUploadedFile("s.pdf", pdf_bytes())},
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(f"/leverandor/{supplier.pk}/dokumenter/").content.decode()
    assert "Skatteattest 2026" in page
    refused = client.post(
        f"/leverandor/{supplier.pk}/dokumenter/",
        {"document_type": "skatteattest", "valid_from": "2026-11-01",
         "upload": SimpleUploadedFile("virus.pdf", io.BytesIO(b"MZ" + b"\x00" * 64).read())},
    )  # fmt: skip
    assert "ikke en PDF, PNG eller JPEG" in refused.content.decode()

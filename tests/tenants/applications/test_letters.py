"""The decision letter: what it says for an approval and a rejection, and that it is a tagged PDF
with its fonts embedded (read back with pypdf, as a screen reader or an archive would)."""

import io
import re

import pypdf
import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from public_site.applying import services as apply_once
from public_site.applying.models import ApplicationPart
from tenants.applications import services
from tenants.applications.letters import case_number, render_decision_letter
from tenants.applications.models import Application, ApplicationStatus
from tests.factories import COMMON, assess_all, site_client, vault_document


def read(pdf_bytes: bytes) -> tuple[pypdf.PdfReader, str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # Lines wrap anywhere; the assertions read the letter as one line of words.
    return reader, re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def fonts_of(reader: pypdf.PdfReader) -> list[tuple[str, bool]]:
    """(base font, embedded) for every font the pages use."""
    found = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found.append((str(font["/BaseFont"]), embedded))
    return found


@pytest.fixture
def application(supplier, supplier_admin, bergen_announcement):
    document = vault_document(supplier, supplier_admin)
    apply_once.submit_envelope(
        supplier=supplier, by=supplier_admin, common_answers=COMMON,
        parts=[(bergen_announcement, services.PartRequest(scheme_id=0,
                                                          document_ids=[document.pk]))],
    )  # fmt: skip
    with tenant_context(bergen_announcement.host):
        return Application.objects.get(status=ApplicationStatus.SUBMITTED)


def test_an_approval_letter_is_a_decision_with_assessments_appeal_and_acceptance(
    bergen, officer_bergen, supplier_admin, application
):
    with tenant_context(bergen):
        assess_all(application, officer_bergen, comment="Firmaattesten er fra forrige uke.")
        approval = services.approve(
            application=application, by=officer_bergen, reasons="Alle vilkår er dokumentert."
        )
        reader, text = read(approval.contract_file.read())
        number = case_number(application)
        assert re.fullmatch(r"\d{4}/\d{5}", number)
        for piece in (
            "Vedtak om godkjenning – Praktisk bistand",
            f"Saksnummer: {number}",
            "Bergen kommune godkjenner Omsorg Test AS som leverandør",
            "Vilkår 1: Firmaattest ikke eldre enn 3 måneder",
            "Kommunens vurdering: oppfylt",
            "av Ola Bergen",
            "Kommentar: Firmaattesten er fra forrige uke.",
            "Begrunnelse Alle vilkår er dokumentert.",
            "kr 512,00 per",
            "1. januar 2026",  # the rate's date, in Norwegian
            "forvaltningsloven § 28",
            "3 uker",
            "forvaltningsloven § 29",
            "Klagen sendes til Bergen kommune",
            "Kontrakten er ikke akseptert ennå",
        ):
            assert piece in text, piece
        assert reader.metadata.title.startswith("Vedtak om godkjenning")

        services.accept_contract(approval=approval, by=supplier_admin)
        approval.refresh_from_db()
        _reader, accepted = read(approval.contract_file.read())
        stamp = timezone.localtime(approval.contract_accepted_at)
        assert f"kl. {stamp:%H.%M} av Siri Søker for Omsorg Test AS" in accepted
        assert "ikke akseptert" not in accepted


def test_a_rejection_letter_names_the_failing_condition_and_the_right_to_appeal(
    bergen, officer_bergen, application
):
    with tenant_context(bergen):
        assess_all(application, officer_bergen, outcome="not_met", comment="Skatterestanse.")
        services.reject(application=application, by=officer_bergen, reasons="Ubetalt skatt.")
        _reader, text = read(render_decision_letter(application=application, municipality=bergen))
    for piece in (
        "Vedtak om avslag – Praktisk bistand",
        "Bergen kommune avslår søknaden fra Omsorg Test AS",
        "Vilkår som ikke er oppfylt Vilkår 1: Firmaattest ikke eldre enn 3 måneder",
        "Kommunens vurdering: ikke oppfylt",
        "Kommentar: Skatterestanse.",
        "Begrunnelse Ubetalt skatt.",
        "Du kan klage på vedtaket",
        "forvaltningsloven § 29",
    ):
        assert piece in text, piece


def test_the_letter_is_tagged_in_norwegian_with_embedded_fonts(bergen, officer_bergen, application):
    with tenant_context(bergen):
        assess_all(application, officer_bergen)
        services.approve(application=application, by=officer_bergen)
        reader = pypdf.PdfReader(io.BytesIO(render_decision_letter(
            application=application, municipality=bergen)))  # fmt: skip
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "nb-NO"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    document = root["/StructTreeRoot"]["/K"]
    document = document[0].get_object() if isinstance(document, list) else document.get_object()
    tags = [kid.get_object()["/S"] for kid in document["/K"]]
    assert tags[0] == "/H1" and "/H2" in tags and "/H3" in tags and "/P" in tags
    fonts = fonts_of(reader)
    assert fonts and all(embedded for _name, embedded in fonts), fonts


def test_officer_and_supplier_download_the_letter_once_decided(
    bergen, officer_bergen, supplier, supplier_admin, application
):
    officer = site_client("bergen", officer_bergen)
    assert officer.get(f"/ansatt/soknader/{application.pk}/vedtak.pdf").status_code == 404
    with tenant_context(bergen):
        assess_all(application, officer_bergen, outcome="not_met", comment="Utløpt.")
        services.reject(application=application, by=officer_bergen, reasons="Mangler.")
    response = officer.get(f"/ansatt/soknader/{application.pk}/vedtak.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Vedtak om avslag" in read(response.content)[1]

    part = ApplicationPart.objects.get(application_id=application.pk)
    own = site_client(None, supplier_admin)
    response = own.get(f"/leverandor/{supplier.pk}/soknader/{part.pk}/vedtak.pdf")
    assert response.status_code == 200
    assert "Du kan klage på vedtaket" in read(response.content)[1]
    page = own.get(f"/leverandor/{supplier.pk}/soknader/{part.pk}/").content.decode()
    assert f"/leverandor/{supplier.pk}/soknader/{part.pk}/vedtak.pdf" in page


def test_amounts_and_dates_read_as_norwegian():
    import datetime
    from decimal import Decimal

    from fritt.pdf import norwegian_amount, norwegian_date

    assert norwegian_amount(Decimal("1234567.5")) == "kr\u00a01\u00a0234\u00a0567,50"
    assert norwegian_date(datetime.date(2026, 3, 5)) == "5. mars 2026"

"""EHF invoices: every one produced passes the UBL 2.1 schema and both rule sets (EN 16931 and
Peppol); a broken one is caught with the rule's id; the municipal admin downloads EHF and PDF."""

import datetime
from decimal import Decimal

import pytest
from lxml import etree

from fritt.accounts.roles import Role
from public_site.billing.ehf.builder import CBC, build_invoice_xml
from public_site.billing.ehf.validation import validate_invoice
from public_site.billing.errors import BillingError
from public_site.billing.invoicing import InvalidEhf, LineInput, create_invoice, kid_mod10
from public_site.billing.models import Invoice
from tests.factories import make_user, site_client

JAN = datetime.date(2027, 1, 1)
JAN_END = datetime.date(2027, 1, 31)


def _invoice(municipality, **kwargs):
    lines = kwargs.pop(
        "lines",
        [
            LineInput("Abonnement Fritt brukervalg, januar", Decimal("12500.00"), JAN, JAN_END),
            LineInput(
                "Tillegg for ny tjeneste (forholdsmessig)",
                Decimal("1234.57"),
                datetime.date(2027, 1, 15),
                JAN_END,
            ),
        ],
    )
    return create_invoice(
        municipality=municipality,
        buyer_reference="BERGEN-4411",
        lines=lines,
        issue_date=datetime.date(2027, 2, 1),
        **kwargs,
    )


def test_an_invoice_is_a_valid_ehf_with_the_norwegian_identifiers(bergen):
    invoice = _invoice(bergen)
    assert invoice.number.startswith("FB2027")
    report = validate_invoice(invoice.ehf_xml.encode())
    assert report.ok, (report.schema_errors, report.fatal)
    doc = etree.fromstring(invoice.ehf_xml.encode())
    ns = {"cbc": CBC, "cac": doc.nsmap["cac"]}
    assert doc.findtext("cbc:BuyerReference", namespaces=ns) == "BERGEN-4411"
    endpoints = doc.findall(".//cbc:EndpointID", ns)
    assert [(e.get("schemeID"), e.text) for e in endpoints][1] == ("0192", bergen.orgnr)
    assert endpoints[0].get("schemeID") == "0192"
    assert doc.findtext(".//cac:PaymentMeans/cbc:PaymentID", namespaces=ns) == invoice.kid
    assert doc.findtext(".//cac:LegalMonetaryTotal/cbc:PayableAmount", namespaces=ns) == (
        "17168.21"  # (12500.00 + 1234.57) × 1.25, VAT rounded once per rate
    )
    assert len(doc.findall("cac:InvoiceLine", ns)) == 2


@pytest.mark.parametrize(
    "price", [Decimal("0.01"), Decimal("99.99"), Decimal("4166.67"), Decimal("250000.00")]
)
def test_every_amount_gives_a_valid_ehf(bergen, price):
    invoice = _invoice(bergen, lines=[LineInput("Abonnement", price, JAN, JAN_END)])
    assert validate_invoice(invoice.ehf_xml.encode()).ok


def test_a_broken_invoice_is_caught_with_the_rule_id(bergen):
    invoice = _invoice(bergen)
    doc = etree.fromstring(invoice.ehf_xml.encode())
    payable = doc.find(f".//{{{CBC}}}PayableAmount")
    payable.text = "1.00"  # no longer the sum of the lines and VAT
    buyer_reference = doc.find(f"{{{CBC}}}BuyerReference")
    buyer_reference.getparent().remove(buyer_reference)  # the municipality cannot route it
    report = validate_invoice(etree.tostring(doc))
    assert not report.ok
    assert "BR-CO-16" in report.rule_ids
    assert "PEPPOL-EN16931-R003" in report.rule_ids


def test_a_schema_error_is_caught_before_the_rules(bergen):
    invoice = _invoice(bergen)
    broken = invoice.ehf_xml.replace("<cbc:IssueDate>", "<cbc:Utstedt>").replace(
        "</cbc:IssueDate>", "</cbc:Utstedt>"
    )
    report = validate_invoice(broken.encode())
    assert report.schema_errors and not report.ok


def test_an_invoice_that_fails_the_rules_is_never_stored(bergen, monkeypatch):
    from public_site.billing import invoicing

    def without_reference(invoice):
        return build_invoice_xml(invoice).replace(b"BERGEN-4411", b"")

    monkeypatch.setattr(invoicing, "build_invoice_xml", without_reference)
    before = Invoice.objects.count()
    with pytest.raises(InvalidEhf) as refused:
        _invoice(bergen)
    assert refused.value.code == BillingError.EHF_INVALID
    assert refused.value.report.rule_ids
    assert Invoice.objects.count() == before


def test_kid_has_a_mod10_check_digit():
    assert kid_mod10("1234567") == "12345674"
    assert kid_mod10("460100000001")[-1].isdigit()


def test_the_municipal_admin_downloads_ehf_and_pdf_of_own_invoices_only(bergen, trondheim):
    invoice = _invoice(bergen)
    admin = make_user(Role.MUNICIPAL_ADMIN, municipality=bergen)
    client = site_client("bergen", user=admin)
    listing = client.get("/ansatt/faktura/").content.decode()
    assert invoice.number in listing
    assert "Utsending av EHF er ikke slått på" in listing
    ehf = client.get(f"/ansatt/faktura/{invoice.pk}/ehf/")
    assert ehf.status_code == 200 and ehf["Content-Type"] == "application/xml"
    assert validate_invoice(ehf.content).ok
    pdf = client.get(f"/ansatt/faktura/{invoice.pk}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    trondheim_admin = make_user(Role.MUNICIPAL_ADMIN, municipality=trondheim)
    other = site_client("trondheim", user=trondheim_admin).get(f"/ansatt/faktura/{invoice.pk}/ehf/")
    assert other.status_code == 404
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=bergen)
    assert site_client("bergen", user=officer).get("/ansatt/faktura/").status_code == 403


def test_sending_is_off_by_default_and_only_a_receipt_marks_an_invoice_sent(bergen, settings):
    from fritt.errors import DomainError
    from public_site.billing.invoicing import send_invoice
    from tests.factories import RecordingAccessPoint

    invoice = _invoice(bergen)
    with pytest.raises(DomainError) as off:
        send_invoice(invoice=invoice)
    assert off.value.code == BillingError.SENDING_OFF
    invoice.refresh_from_db()
    assert invoice.sent_at is None

    settings.EHF_SENDER = "tests.factories.RecordingAccessPoint"
    sent = send_invoice(invoice=invoice)
    assert sent.sent_reference == f"ap-{invoice.number}" and sent.sent_at is not None
    assert RecordingAccessPoint.sent[-1][1] == f"0192:{bergen.orgnr}"

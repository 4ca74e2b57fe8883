"""The PDF copy of an invoice, for people; the EHF is the invoice the accounts system reads."""

from __future__ import annotations

from django.conf import settings
from fpdf import FPDF

from .ehf.builder import money
from .models import Invoice


def _latin1(text: str) -> str:
    return text.replace("–", "-").encode("latin-1", "replace").decode("latin-1")


def render_invoice_pdf(invoice: Invoice) -> bytes:
    municipality = invoice.municipality
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(f"Faktura {invoice.number}"))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, _latin1(f"Faktura {invoice.number}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    facts = [
        f"Selger: {settings.FRITT_SELLER_NAME}, org.nr. {settings.FRITT_SELLER_ORGNR} MVA, "
        "Foretaksregisteret",
        f"Kjøper: {municipality.display_name}, org.nr. {municipality.orgnr}",
        f"Fakturareferanse: {invoice.buyer_reference}",
        f"Fakturadato: {invoice.issue_date:%d.%m.%Y}   Forfall: {invoice.due_date:%d.%m.%Y}",
        f"Periode: {invoice.period_start:%d.%m.%Y} - {invoice.period_end:%d.%m.%Y}",
        f"Betal til konto {settings.FRITT_SELLER_ACCOUNT} med KID {invoice.kid}",
    ]
    for fact in facts:
        pdf.multi_cell(0, 6, _latin1(fact), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    net = vat = 0
    for line in invoice.lines.all():
        amount = money(line.quantity * line.unit_price)
        net += amount
        vat += money(amount * line.vat_percent / 100)
        pdf.multi_cell(
            0,
            6,
            _latin1(
                f"{line.description} ({line.period_start:%d.%m.%Y} - {line.period_end:%d.%m.%Y}):"
                f" {line.quantity} x kr {line.unit_price} = kr {amount}, MVA {line.vat_percent} %"
            ),
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 11)
    for label, value in (("Sum eks. MVA", net), ("MVA", vat), ("Å betale", net + vat)):
        pdf.multi_cell(0, 6, _latin1(f"{label}: kr {money(value)}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "I", 9)
    pdf.multi_cell(
        0, 5, _latin1("Kopi av EHF-fakturaen med samme nummer."), new_x="LMARGIN", new_y="NEXT"
    )
    return bytes(pdf.output())

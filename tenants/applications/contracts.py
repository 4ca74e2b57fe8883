"""Renders the approval + contract PDF from the scheme's contract template."""

from __future__ import annotations

import datetime

from fpdf import FPDF

from tenants.municipalities.models import Municipality

from .models import Approval

# The PDF core fonts are Latin-1; these are the typographic characters officers paste in.
_REPLACEMENTS = {"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "•": "-"}


def _latin1(text: str) -> str:
    for char, plain in _REPLACEMENTS.items():
        text = text.replace(char, plain)
    return text.encode("latin-1", "replace").decode("latin-1")


def render_contract(*, approval: Approval, municipality: Municipality) -> bytes:
    scheme = approval.scheme
    supplier = approval.supplier
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(f"Godkjenning og kontrakt - {scheme.title}"))
    pdf.set_author(_latin1(municipality.display_name))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, _latin1("Godkjenning og kontrakt"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    lines = [
        f"Ordning: {scheme.title} ({scheme.service_type.name})",
        f"Kommune: {municipality.display_name} (org.nr. {municipality.orgnr or '-'})",
        f"Leverandør: {supplier.name} (org.nr. {supplier.orgnr})",
        f"Godkjent fra: {approval.valid_from:%d.%m.%Y}",
        "Gjelder til: "
        + (f"{approval.valid_until:%d.%m.%Y}" if approval.valid_until else "inntil videre"),
        f"Oppsigelsestid: leverandøren {scheme.notice_period_supplier_days} dager, "
        f"kommunen {scheme.notice_period_municipality_days} dager",
    ]
    if approval.capacity_cap:
        lines.append(f"Kapasitetstak: {approval.capacity_cap} brukere")
    zones = ", ".join(zone.name for zone in approval.zones.all()) or "hele kommunen"
    lines.append(f"Område: {zones}")
    for line in lines:
        pdf.multi_cell(0, 6, _latin1(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 12)
    pdf.multi_cell(0, 7, _latin1("Kompensasjon"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    for rate in scheme.rates.all():
        pdf.multi_cell(
            0,
            6,
            _latin1(
                f"{rate.get_variant_display()}: kr {rate.amount} per {rate.get_unit_display()} "
                f"fra {rate.valid_from:%d.%m.%Y}"
            ),
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 12)
    pdf.multi_cell(0, 7, _latin1("Kontraktsvilkår"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 6, _latin1(scheme.contract_template), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("Helvetica", "I", 9)
    pdf.multi_cell(
        0,
        5,
        _latin1(
            f"Generert {datetime.date.today():%d.%m.%Y} av Fritt brukervalg. Kontrakten gjelder "
            "når leverandøren har akseptert den."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())

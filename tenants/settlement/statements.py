"""The settlement statement of one provider's month, as CSV and PDF: each line with its
bands, rates and amounts, the totals (the sum of the lines, to the øre), and the order
reference the supplier puts on its invoice."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from fpdf import FPDF

from fritt.tenancy.schemas import current_municipality
from fritt.web.csv_export import safe_writer

from .models import Band, DeliveryLine, ReportMonth

BAND_NAMES = dict(Band.choices)


@dataclass
class Statement:
    report: ReportMonth
    provider: str
    lines: list[DeliveryLine]
    total: Decimal
    by_band: dict[str, tuple[Decimal, Decimal]]  # band -> (quantity, amount)


def build(report: ReportMonth, provider_name: str) -> Statement:
    lines = list(
        report.lines.select_related("recipient")
        .prefetch_related("parts")
        .order_by("date", "start_time", "pk")
    )
    by_band: dict[str, tuple[Decimal, Decimal]] = {}
    for line in lines:
        for p in line.parts.all():
            q, a = by_band.get(p.band, (Decimal(0), Decimal("0.00")))
            by_band[p.band] = (q + p.quantity, a + p.amount)
    total = sum((line.amount for line in lines), Decimal("0.00"))
    return Statement(report, provider_name, lines, total, by_band)


def _money(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def as_csv(statement: Statement) -> str:
    out = io.StringIO()
    writer = safe_writer(out, delimiter=";")
    report = statement.report
    writer.writerow(
        [
            _("Oppgjør"),
            current_municipality().display_name,
            statement.provider,
            f"{report.month:%Y-%m}",
            _("Bestillingsreferanse"),
            report.order_reference,
        ]
    )
    writer.writerow(
        [
            _("linje"),
            _("dato"),
            _("fra"),
            _("til"),
            _("mottaker"),
            _("tjeneste"),
            _("type"),
            _("sats"),
            _("mengde"),
            _("enhet"),
            _("pris"),
            _("beløp"),
        ]
    )
    for line in statement.lines:
        for p in line.parts.all():
            writer.writerow(
                [
                    line.pk,
                    f"{p.on_date:%d.%m.%Y}",
                    f"{line.start_time:%H:%M}",
                    f"{line.end_time:%H:%M}",
                    line.recipient.full_name,
                    line.service,
                    line.get_kind_display(),
                    BAND_NAMES.get(p.band, p.band),
                    str(p.quantity).replace(".", ","),
                    p.unit,
                    _money(p.rate),
                    _money(p.amount),
                ]
            )
    for band, (quantity, amount) in statement.by_band.items():
        writer.writerow(
            [
                "",
                "",
                "",
                "",
                "",
                "",
                _("Sum sats"),
                BAND_NAMES.get(band, band),
                str(quantity).replace(".", ","),
                "",
                "",
                _money(amount),
            ]
        )
    writer.writerow(["", "", "", "", "", "", _("Totalt"), "", "", "", "", _money(statement.total)])
    return "\ufeff" + out.getvalue()


_SUBSTITUTES = str.maketrans({"–": "-", "—": "-", "’": "'", "“": '"', "”": '"', "…": "..."})


def _latin1(text: str) -> str:
    return str(text).translate(_SUBSTITUTES).encode("latin-1", "replace").decode("latin-1")


def as_pdf(statement: Statement) -> bytes:
    report = statement.report
    municipality = current_municipality().display_name
    pdf = FPDF(format="A4", orientation="L")
    pdf.set_title(_latin1(_("Oppgjør %(month)s") % {"month": f"{report.month:%Y-%m}"}))
    pdf.set_author(_latin1(municipality))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.cell(0, 9, _latin1(_("Oppgjør for levert tjeneste")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    for label, value in (
        (_("Kommune"), municipality),
        (_("Leverandør"), statement.provider),
        (_("Måned"), f"{report.month:%m.%Y}"),
        (_("Bestillingsreferanse"), report.order_reference),
        (_("Status"), report.get_status_display()),
    ):
        pdf.cell(0, 6, _latin1(f"{label}: {value}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    widths = (22, 26, 60, 50, 30, 24, 22, 40)
    heads = (
        _("Dato"),
        _("Tid"),
        _("Mottaker"),
        _("Tjeneste"),
        _("Sats"),
        _("Timer"),
        _("Pris"),
        _("Beløp"),
    )
    pdf.set_font("Helvetica", "B", 9)
    for w, h in zip(widths, heads, strict=True):
        pdf.cell(w, 6, _latin1(h), border=1)
    pdf.ln()
    pdf.set_font("Helvetica", "", 9)
    for line in statement.lines:
        for p in line.parts.all():
            cells = (
                f"{p.on_date:%d.%m.%Y}",
                f"{line.start_time:%H:%M}-{line.end_time:%H:%M}",
                line.recipient.full_name[:34],
                (line.service or "")[:28],
                BAND_NAMES.get(p.band, p.band),
                str(p.quantity),
                _money(p.rate),
                _money(p.amount),
            )
            for w, c in zip(widths, cells, strict=True):
                pdf.cell(w, 5, _latin1(c), border=1)
            pdf.ln()
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 10)
    for band, (quantity, amount) in statement.by_band.items():
        pdf.cell(
            0,
            6,
            _latin1(f"{BAND_NAMES.get(band, band)}: {quantity} - {_money(amount)} kr"),
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.cell(
        0,
        7,
        _latin1(_("Totalt: %(amount)s kr") % {"amount": _money(statement.total)}),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(
        0,
        5,
        _latin1(_("Grunnlag for leverandørens faktura. Oppgi bestillingsreferansen på fakturaen.")),
    )
    return bytes(pdf.output())

"""Tagged, font-embedding PDF documents for letters a screen reader must be able to read."""

from __future__ import annotations

import datetime
import logging
from decimal import Decimal
from pathlib import Path

from django.utils import formats, timezone, translation
from fpdf import FPDF
from fpdf.prefs import ViewerPreferences

# Vendored (Bitstream Vera licence, see fonts/LICENSE) so a slim image without system fonts
# still embeds a Unicode font: the PDF core fonts are neither embedded nor beyond Latin-1.
FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVu"
# fontTools logs every glyph it keeps when subsetting: noise in the worker's and web logs.
logging.getLogger("fontTools").setLevel(logging.WARNING)

# Sizes in points, line height in mm per tag: headings and paragraphs are the whole vocabulary.
_STYLES = {
    "H1": ("B", 16, 8.0, 3.0),
    "H2": ("B", 12.5, 6.5, 1.5),
    "H3": ("B", 11, 5.5, 0.5),
    "P": ("", 10.5, 5.0, 1.8),
    "Note": ("", 9, 4.5, 1.0),
}


def norwegian_date(day: datetime.date | datetime.datetime | None) -> str:
    """'29. november 2026' whatever language the request that made the letter spoke."""
    if day is None:
        return ""
    if isinstance(day, datetime.datetime):
        day = timezone.localtime(day).date()
    with translation.override("nb"):
        return formats.date_format(day, "j. F Y")


def norwegian_datetime(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{norwegian_date(local)} kl. {local:%H.%M}"


def norwegian_amount(value: Decimal) -> str:
    """'kr 1 234,50': a non-breaking space groups thousands and a comma separates øre."""
    grouped = f"{value:,.2f}".replace(",", "\u00a0").replace(".", ",")
    return f"kr\u00a0{grouped}"


class TaggedPDF(FPDF):
    """A4 document whose every text block is a structure element (H1–H3, P) in reading order,
    with the language, the title shown by viewers and the page footer marked as an artifact.

    fpdf2 tags only images, links and outline titles by itself; `block` adds the rest. A block
    never crosses a page: a marked-content sequence must begin and end on the same page."""

    def __init__(self, *, title: str, author: str, footer: str = "", lang: str = "nb-NO"):
        super().__init__(format="A4")
        for style, file in (("", "DejaVuSans.ttf"), ("B", "DejaVuSans-Bold.ttf")):
            self.add_font(FAMILY, style, str(FONTS / file))
        self.set_title(title)
        self.set_author(author)
        self.set_creator("Fritt brukervalg")
        self.set_lang(lang)
        self.viewer_preferences = ViewerPreferences(display_doc_title=True)
        self.set_margins(22, 20, 22)
        # Blocks break pages themselves (see `block`); an automatic break inside one would
        # split a marked-content sequence across pages.
        self.set_auto_page_break(False, margin=20)
        self.footer_text = footer
        self.alias_nb_pages()
        self.add_page()

    @property
    def _bottom(self) -> float:
        return self.h - 20

    def footer(self) -> None:
        self._out("/Artifact BMC")
        self.set_y(-14)
        self.set_font(FAMILY, "", 8)
        label = f"{self.footer_text} · " if self.footer_text else ""
        self.cell(0, 5, f"{label}side {self.page_no()} av {{nb}}", align="C")
        self._out("EMC")

    def block(self, text: str, tag: str = "P", *, style: str | None = None) -> None:
        """One heading or paragraph; a paragraph longer than a page is split into paragraphs
        at line breaks."""
        font_style, size, line, after = _STYLES[tag]
        self.set_font(FAMILY, font_style if style is None else style, size)
        lines = self.multi_cell(0, line, text, dry_run=True, output="LINES")
        # Keep a heading with at least two lines of what follows it.
        reserve = 2 * _STYLES["P"][2] if tag.startswith("H") else 0
        if self.y + len(lines) * line + reserve > self._bottom:
            if len(lines) * line <= self._bottom - self.t_margin:
                self.add_page()
            else:
                self._long_block(lines, tag, line)
                self.ln(after)
                return
        self._tagged(text, tag, line)
        self.ln(after)

    def _long_block(self, lines: list[str], tag: str, line: float) -> None:
        chunk: list[str] = []
        for text in lines:
            if self.y + (len(chunk) + 1) * line > self._bottom:
                if chunk:
                    self._tagged("\n".join(chunk), tag, line)
                chunk = []
                self.add_page()
            chunk.append(text)
        if chunk:
            self._tagged("\n".join(chunk), tag, line)

    def _tagged(self, text: str, tag: str, line: float) -> None:
        struct_type = "P" if tag == "Note" else tag
        mcid = self.struct_builder.next_mcid_for_page(self.page)
        self._add_marked_content(struct_type=f"/{struct_type}", mcid=mcid)
        self._out(f"/{struct_type} <</MCID {mcid}>> BDC")
        self.multi_cell(0, line, text, new_x="LMARGIN", new_y="NEXT")
        self._out("EMC")

    def pairs(self, rows: list[tuple[str, str]]) -> None:
        """Label: value lines, each its own paragraph (a reader hears label and value together)."""
        for label, value in rows:
            self.block(f"{label}: {value}")

    def bytes(self) -> bytes:
        return bytes(self.output())

"""A table as CSV or XLSX, with the licence beside the figures (NLOD 2.0)."""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from fritt.web.csv_export import neutralise, safe_writer

from .tables import Table

LICENCE_URL = "https://data.norge.no/nlod/no/2.0"
LICENCE = "Norsk lisens for offentlige data (NLOD) 2.0"


def licence_line() -> str:
    return _("Kilde: Fritt brukervalg. Lisens: %(licence)s, %(url)s") % {
        "licence": LICENCE,
        "url": LICENCE_URL,
    }


def _rows(table: Table) -> list[list]:
    header = [str(c.label) for c in table.columns]
    body = [[cell.public if cell.public is not None else "" for cell in row] for row in table.rows]
    return [header, *body]


def as_csv(table: Table) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="statistikk-{table.key}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 only with the byte-order mark
    writer = safe_writer(response, delimiter=";")
    writer.writerows(_rows(table))
    writer.writerow([])
    writer.writerow([licence_line()])
    return response


def as_xlsx(table: Table) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = table.key[:31]
    for row in _rows(table):
        sheet.append([neutralise(v) for v in row])
    sheet.append([])
    sheet.append([licence_line()])
    stream = io.BytesIO()
    book.save(stream)
    response = HttpResponse(
        stream.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="statistikk-{table.key}.xlsx"'
    return response

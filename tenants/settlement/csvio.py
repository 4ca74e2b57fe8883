"""The CSV a supplier uploads (and its template), and the settlement statement as CSV.

Semicolon-separated, UTF-8 (with or without BOM), as Norwegian spreadsheets save it. Dates as
dd.mm.åååå or åååå-mm-dd, times as tt:mm."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable

from django.utils.translation import gettext as _

from fritt.web.csv_export import safe_writer

from .errors import SettlementError
from .services import LineInput, LineProblem

HEADER = ["oppdrag", "dato", "fra", "til", "tjeneste"]
MAX_LINES = 5000


def parse_date(text: str) -> datetime.date | None:
    text = text.strip()
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_time(text: str) -> datetime.time | None:
    text = text.strip().replace(".", ":")
    for fmt in ("%H:%M", "%H:%M:%S"):
        try:
            return datetime.datetime.strptime(text, fmt).time()
        except ValueError:
            continue
    if text == "24:00":
        return datetime.time(0, 0)
    return None


def parse_upload(content: bytes) -> tuple[list[LineInput], list[LineProblem]]:
    """The lines of an uploaded file, and what could not be read, by line number."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [
            LineProblem(
                1, SettlementError.CSV_HEADER, _("Filen er ikke UTF-8. Lagre den som «CSV UTF-8».")
            )
        ]
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    if not rows or [c.strip().lower() for c in rows[0][: len(HEADER)]] != HEADER:
        return [], [
            LineProblem(
                1,
                SettlementError.CSV_HEADER,
                _("Første linje må være: %(header)s.") % {"header": ";".join(HEADER)},
            )
        ]
    lines, problems = [], []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(lines) + len(problems) >= MAX_LINES:
            problems.append(
                LineProblem(
                    number,
                    SettlementError.CSV_LINES,
                    _("Høyst %(n)s linjer i én fil.") % {"n": MAX_LINES},
                )
            )
            break
        row = [*row, "", "", "", "", ""][:5]
        assignment, day, start, end, service = (cell.strip() for cell in row)
        if not assignment.isdigit():
            problems.append(
                LineProblem(
                    number, SettlementError.NOT_YOUR_ASSIGNMENT, _("Oppdrag må være et nummer.")
                )
            )
            continue
        date = parse_date(day)
        if date is None:
            problems.append(
                LineProblem(
                    number,
                    SettlementError.DATE,
                    _("Ugyldig dato «%(value)s»; skriv dd.mm.åååå.") % {"value": day[:20]},
                )
            )
            continue
        begins, ends = parse_time(start), parse_time(end)
        if begins is None or ends is None:
            problems.append(
                LineProblem(number, SettlementError.TIME, _("Ugyldig klokkeslett; skriv tt:mm."))
            )
            continue
        lines.append(LineInput(int(assignment), date, begins, ends, service[:120], number))
    if not lines and not problems:
        problems.append(LineProblem(2, SettlementError.CSV_EMPTY, _("Filen har ingen linjer.")))
    return lines, problems


def template(examples: Iterable[tuple[int, str]], month: datetime.date) -> str:
    """The template with an example line per assignment (id, recipient's name as a comment)."""
    out = io.StringIO()
    writer = safe_writer(out, delimiter=";")
    writer.writerow(HEADER)
    day = month.replace(day=2)
    any_rows = False
    for assignment_id, service in examples:
        writer.writerow([assignment_id, f"{day:%d.%m.%Y}", "08:00", "09:30", service])
        any_rows = True
    if not any_rows:
        writer.writerow([123, f"{day:%d.%m.%Y}", "22:00", "06:00", "Nattevakt"])
    return "\ufeff" + out.getvalue()

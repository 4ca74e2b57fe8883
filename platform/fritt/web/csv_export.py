"""CSV for spreadsheets with formula injection neutralised (OWASP), used by every export."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

# A spreadsheet runs a cell starting with one of these as a formula: `=HYPERLINK(...)` in a
# recipient's name would phone home, `@SUM(...)` would compute. A leading ' makes it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """The cell as text that no spreadsheet evaluates; numbers and empty cells as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """csv.writer whose every cell passes through `neutralise`."""

    def __init__(self, stream, **kwargs: Any):
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        """What the stream's write returned: the line itself for a streaming sink."""
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def safe_writer(stream, **kwargs: Any) -> SafeWriter:
    return SafeWriter(stream, **kwargs)

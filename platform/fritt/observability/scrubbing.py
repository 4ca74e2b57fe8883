"""Removes anything shaped like a fødselsnummer or D-number from events and log lines."""

from __future__ import annotations

import logging
import re
from typing import Any

# Between two digits of a fødselsnummer people and programs put spaces, dots, dashes, plus
# signs (a form-encoded space), slashes, or their percent-encodings (%20, %2B, %2D, %2E, %2F,
# %C2%A0): up to three of them, anywhere, so "120438+10004" and "12%2004%2038%2010004" match.
_SEP = r"(?:[\s.\-+/_\u00a0]|%2[0bdefBDEF]|%[cC]2%[aA]0|\\u00a0)"
# Eleven digits with such separators, not part of a longer number (a digit, or a digit and one
# separator, on either side).
FNR_PATTERN = re.compile(
    rf"(?<!\d)(?<!\d[\s.\-+/_])(?<!\d%2[0bdefBDEF])(?:\d{_SEP}{{0,3}}){{10}}\d(?!{_SEP}{{0,3}}\d)"
)
REDACTED = "[fjernet]"


def scrub_text(text: str) -> str:
    return FNR_PATTERN.sub(REDACTED, text)


def scrub(value: Any) -> Any:
    """Return a copy of `value` with every fødselsnummer-shaped string redacted."""
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {scrub(k): scrub(v) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub(v) for v in value]
    if isinstance(value, tuple):
        return tuple(scrub(v) for v in value)
    if isinstance(value, int) and not isinstance(value, bool) and len(str(abs(value))) == 11:
        return REDACTED
    return value


class ScrubPersonalDataFilter(logging.Filter):
    """Logging filter: renders the message, redacts it, and drops the raw arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not hide the log line
            message = str(record.msg)
        record.msg = scrub_text(message)
        record.args = None
        return True

"""Removes anything shaped like a fødselsnummer or D-number from events and log lines."""

from __future__ import annotations

import logging
import re
from typing import Any

# Eleven digits, optionally written 6+5 with a space or dot; not part of a longer number.
FNR_PATTERN = re.compile(r"(?<!\d)\d{6}[ .]?\d{5}(?!\d)")
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

"""Filters for text kept as plain data (a published snapshot): ISO dates shown as dates."""

from __future__ import annotations

import datetime

from django import template

register = template.Library()


@register.filter
def isodate(value: str) -> datetime.date | str:
    """'2026-03-05' as a date, so `|date:"SHORT_DATE_FORMAT"` shows it in the page's language."""
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return value

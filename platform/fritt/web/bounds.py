"""The bounds every form, serializer and service applies to dates and free text."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

# Dates of things the platform handles (decisions, rates, cases, documents' validity) lie within
# ten years of today: older records are archived elsewhere, and nothing is planned further
# ahead. Year 1 or 9999 is always a typing error.
WINDOW_YEARS = 10

# Free text: a condition, reason, message or answer is a paragraph or a few; a scheme's long
# texts (description, contract terms) may be a few pages.
SHORT_TEXT = 2_000
LONG_TEXT = 20_000


def _years_from(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def date_window(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    today = today or timezone.localdate()
    return _years_from(today, -WINDOW_YEARS), _years_from(today, WINDOW_YEARS)


def validate_working_date(value: datetime.date | None) -> None:
    """Within WINDOW_YEARS of today either way; a model field, form and service validator."""
    if value is None:
        return
    earliest, latest = date_window()
    if not earliest <= value <= latest:
        raise ValidationError(
            _("Datoen må være mellom %(earliest)s og %(latest)s.")
            % {
                "earliest": date_format(earliest, "SHORT_DATE_FORMAT"),
                "latest": date_format(latest, "SHORT_DATE_FORMAT"),
            },
            code="date_out_of_range",
        )


def short_text(value: str) -> None:
    MaxLengthValidator(SHORT_TEXT)(value or "")


def long_text(value: str) -> None:
    MaxLengthValidator(LONG_TEXT)(value or "")

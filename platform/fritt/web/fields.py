"""The form fields every page asks the same way: a bounded free text and a working date."""

from __future__ import annotations

from django import forms

from .bounds import SHORT_TEXT, validate_working_date


def text_area(label, *, rows: int = 3, max_length: int = SHORT_TEXT, **options) -> forms.CharField:
    """A free text of a few lines, bounded like its column so nothing is cut when saved."""
    return forms.CharField(
        label=label, max_length=max_length, widget=forms.Textarea(attrs={"rows": rows}), **options
    )


def working_date(label, **options) -> forms.DateField:
    """A date from the browser's date picker, within the years the platform works with."""
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_working_date],
        **options,
    )

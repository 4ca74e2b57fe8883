"""Validation of kommunenummer and organisasjonsnummer, with messages in Norwegian."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import orgnr as stdnum_orgnr

COUNTY_NUMBERS = {
    "03", "11", "15", "18", "31", "32", "33", "34", "39", "40", "42", "46", "50", "55", "56",
}  # fmt: skip


def validate_kommunenummer(value: str) -> None:
    value = (value or "").strip()
    if len(value) != 4 or not value.isdigit():
        raise ValidationError(
            _("Kommunenummer må være fire siffer, fikk «%(value)s»."),
            code="malformed",
            params={"value": value},
        )
    if value[:2] not in COUNTY_NUMBERS:
        raise ValidationError(
            _("Kommunenummer %(value)s hører ikke til noe fylke (de to første sifrene)."),
            code="unknown_county",
            params={"value": value},
        )


def validate_orgnr(value: str) -> None:
    try:
        stdnum_orgnr.validate(value)
    except StdnumError:
        raise ValidationError(
            _("«%(value)s» er ikke et gyldig organisasjonsnummer (ni siffer med kontrollsiffer)."),
            code="invalid_orgnr",
            params={"value": value},
        )

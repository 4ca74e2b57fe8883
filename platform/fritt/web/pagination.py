"""Page size and offset for the JSON APIs, bounded: absurd values are a 400, not a 500."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """`limit` from 1 to 200 and `offset` up to a million. DRF's own class sends any integer to
    the database, where one above 2^63 fails; our lists are far shorter than a million rows."""

    max_limit = 200
    max_offset = 1_000_000

    def _bounded(self, request, name: str, default: int, low: int, high: int) -> int:
        raw = request.query_params.get(name)
        if raw is None or raw == "":
            return default
        # The length first: int() refuses a string of more than 4300 digits with a ValueError.
        if raw.isascii() and raw.isdigit() and len(raw) <= 9 and low <= int(raw) <= high:
            return int(raw)
        message = _("«%(name)s» må være et heltall fra %(low)d til %(high)d.") % {
            "name": name, "low": low, "high": high,
        }  # fmt: skip
        raise ValidationError({name: [message]}, code=f"bad_{name}")

    def get_limit(self, request) -> int:
        return self._bounded(request, self.limit_query_param, self.default_limit, 1, self.max_limit)

    def get_offset(self, request) -> int:
        return self._bounded(request, self.offset_query_param, 0, 0, self.max_offset)

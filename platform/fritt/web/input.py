"""Hostile and absurd input: a readable 400 instead of a crash, and the bounds we accept."""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

# PostgreSQL's bigint: a larger id cannot name a row, and the driver refuses to send it.
MAX_ID = 2**63 - 1


class BadInput(BadRequest):
    """A request no page could make: answered 400 with `message` by `fritt.web.views.bad_request`
    (an HTML page, or a JSON problem under /api/)."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def has_nul(value: str) -> bool:
    return "\x00" in value


def _as_id(raw: str, name: str) -> int:
    # isdigit() alone lets through '²' and other Unicode digits that int() refuses.
    if not (raw.isascii() and raw.isdigit()) or int(raw) > MAX_ID:
        raise BadInput(
            _("«%(name)s» må være et id-nummer (bare sifre).") % {"name": name}, code="not_an_id"
        )
    return int(raw)


def id_param(params, name: str) -> int | None:
    """An optional id from a query or form: empty is None, anything but an id is a 400."""
    raw = (params.get(name) or "").strip()
    return _as_id(raw, name) if raw else None


def id_list_param(params, name: str) -> list[int]:
    return [_as_id(raw.strip(), name) for raw in params.getlist(name) if raw.strip()]


def safe_next(request, default: str) -> str:
    """The form's `next` if it is a path on this very site, else `default`: a link to another
    site would make our redirect an open one (phishing with our address in the link)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default

"""The API's one translator of errors: every refusal becomes an RFC 9457 problem with a code.

Services raise `DomainError` (400) and `NotAllowed` (403); views do not catch them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from fritt.errors import error_code


def _problem(title: str, status_code: int, detail, code: str | None, **extra) -> Response:
    body = {"type": "about:blank", "title": title, "status": status_code, "detail": detail}
    if code:
        body["code"] = code
    body.update(extra)
    return Response(body, status=status_code, content_type="application/problem+json")


def handle(exc, context):
    """DRF's EXCEPTION_HANDLER: domain errors and refusals first, then DRF's own."""
    existing = (getattr(exc, "params", None) or {}).get("existing_id")
    if isinstance(exc, ValidationError) and existing is not None:
        # A duplicate create: 409 with the id of what is already there, so a retry can go on.
        return _problem(
            _("Finnes allerede"), status.HTTP_409_CONFLICT, " ".join(exc.messages),
            error_code(exc), existing_id=existing,
        )  # fmt: skip
    if isinstance(exc, ValidationError):
        field = getattr(exc, "field", None)
        messages = list(exc.messages)
        extra = {"errors": {field: messages}} if field else {}
        return _problem(
            _("Ugyldig forespørsel"), status.HTTP_400_BAD_REQUEST, " ".join(messages),
            error_code(exc) or "invalid", **extra,
        )  # fmt: skip
    if isinstance(exc, PermissionDenied) and getattr(exc, "error_code", None):
        return _problem(
            _("Ikke tillatt"), status.HTTP_403_FORBIDDEN, str(getattr(exc, "message", exc)),
            error_code(exc),
        )  # fmt: skip
    if isinstance(exc, Http404):
        # Django's own 404 (get_object_or_404) in the problem shape, without its detail, which
        # names the model.
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.APIException):
        data = response.data
        if isinstance(exc, exceptions.ValidationError):
            detail = _("Ett eller flere felt er ugyldige.")
            code = "invalid"
            codes = exc.get_codes()
            if isinstance(codes, dict) and len(codes) == 1:
                only = next(iter(codes.values()))
                if isinstance(only, list) and only:
                    code = str(only[0])
            response.data = {
                "type": "about:blank", "title": _("Ugyldig forespørsel"),
                "status": response.status_code, "detail": detail, "code": code,
                "errors": data, **(data if isinstance(data, dict) else {}),
            }  # fmt: skip
        else:
            response.data = {
                "type": "about:blank", "title": str(exc.default_detail),
                "status": response.status_code, "detail": str(exc.detail),
                "code": str(exc.default_code),
            }  # fmt: skip
        response.content_type = "application/problem+json"
    return response

"""The domain's errors: a rule said no (`DomainError`) or the actor may not (`NotAllowed`).

Each app names its reasons in an enum of codes (`<app>/errors.py`); the message is for people
and may change, the code is for machines and tests and may not. Pages and the API translate
these in one place each (`fritt.web.errors`, `fritt.web.api_errors`).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError


class DomainError(ValidationError):
    """A business rule refused the change. Subclasses ValidationError so that forms and
    model validation keep treating it as one; `code` is the app's enum member."""

    def __init__(
        self,
        code: StrEnum,
        message: Any,
        *,
        field: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message, code=str(code), params=params)
        self.error_code = code
        self.field = field


class NotAllowed(PermissionDenied):
    """The actor may not do this (a refusal, not a bad input): pages answer 403 or a
    message, the API answers 403."""

    def __init__(self, code: StrEnum, message: Any = "") -> None:
        super().__init__(message)
        self.code = str(code)
        self.error_code = code
        self.message = message


def error_code(exc: BaseException) -> str | None:
    """The machine-readable code of a domain error, a refusal or a plain ValidationError."""
    code = getattr(exc, "code", None)
    if code:
        return str(code)
    for error in getattr(exc, "error_list", []) or []:
        if getattr(error, "code", None):
            return str(error.code)
    return None


def written(text: str, code: StrEnum, message: Any) -> str:
    """A message or reasons that must be given in writing (a refusal, a request for more):
    the text stripped, or the coded error when it is left empty."""
    if not (text or "").strip():
        raise DomainError(code, message)
    return text.strip()

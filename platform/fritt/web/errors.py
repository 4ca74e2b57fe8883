"""The pages' one translator of domain errors: onto a form, or into the messages of a redirect."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.utils.translation import gettext as _


def messages_of(exc: BaseException) -> list[str]:
    """The human sentences of a ValidationError/DomainError or a refusal."""
    if isinstance(exc, ValidationError):
        return list(exc.messages)
    text = str(getattr(exc, "message", "") or exc)
    return [text] if text else []


def onto_form(form: Form, exc: ValidationError | PermissionDenied) -> None:
    """Show a refused change on the form: on its field when the error names one that the
    form has, otherwise at the top."""
    field = getattr(exc, "field", None)
    target = field if field in getattr(form, "fields", {}) else None
    if isinstance(exc, ValidationError) and target is None:
        form.add_error(None, exc)
        return
    for message in messages_of(exc):
        form.add_error(target, message)


def flash(request, exc: ValidationError | PermissionDenied) -> None:
    """Report a refused action after a redirect, one message per sentence."""
    for message in messages_of(exc):
        messages.error(request, message)


# What a page catches from a service: a refused change or a refused actor.
REFUSALS = (ValidationError, PermissionDenied)


def as_text(exc: BaseException) -> str:
    """All of a refusal's sentences in one line, for a message or a BadInput page."""
    return " ".join(messages_of(exc))


def attempt(request, run: Callable[[], object], done: str | Callable[[], str] = "") -> bool:
    """Run a page's action before a redirect: a refusal becomes its messages, success says
    `done` (a text, or a function read after the action ran; "Lagret." when empty). Whether it
    went through."""
    try:
        run()
    except REFUSALS as exc:
        flash(request, exc)
        return False
    messages.success(request, (done() if callable(done) else done) or _("Lagret."))
    return True

"""Sending an EHF: one interface in front of a Peppol access point's or an accounting system's
API, chosen by `EHF_SENDER` (a dotted path). Off by default: the invoice page says so, and an
invoice is marked sent only with the receiver's reference."""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class EhfSender(Protocol):
    def send(self, *, number: str, receiver: str, xml: bytes) -> str:
        """Deliver the document to `receiver` (`0192:<org.nr>`); return the access point's
        message id. Raise on any failure: nothing is recorded as sent without it."""


def configured_sender() -> EhfSender | None:
    if not settings.EHF_SENDER:
        return None
    return import_string(settings.EHF_SENDER)()

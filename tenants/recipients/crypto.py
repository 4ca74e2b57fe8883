"""Encryption of the fødselsnummer at rest, and the keyed index that allows exact-match search."""

from __future__ import annotations

import hashlib
import hmac

from cryptography.fernet import Fernet
from django.conf import settings


def _fernet() -> Fernet:
    return Fernet(settings.FNR_ENCRYPTION_KEY.encode())


def encrypt(fnr: str) -> str:
    return _fernet().encrypt(fnr.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def index(fnr: str) -> str:
    """A keyed hash: equal numbers give equal indexes; without the key it reveals nothing."""
    return hmac.new(settings.FNR_INDEX_KEY.encode(), fnr.encode(), hashlib.sha256).hexdigest()


def masked(fnr: str) -> str:
    return f"{fnr[:6]} *****"

"""Signing webhook bodies, and the check a receiver makes (also what our tests use).

Header `Fritt-Signatur: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. The
timestamp is signed with the body, so a receiver that refuses timestamps outside its window
(five minutes by default) refuses a replayed delivery."""

from __future__ import annotations

import hashlib
import hmac
import time

SIGNATURE_HEADER = "Fritt-Signatur"
TOLERANCE_SECONDS = 300


def sign(*, secret: str, body: bytes, timestamp: int | None = None) -> str:
    t = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def verify(
    *, secret: str, header: str, body: bytes, tolerance: int = TOLERANCE_SECONDS, now=None
) -> bool:
    """True when `header` signs `body` with `secret` and its timestamp is within `tolerance`."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        t = int(parts["t"])
    except (KeyError, ValueError):
        return False
    current = time.time() if now is None else now
    if abs(current - t) > tolerance:
        return False
    expected = sign(secret=secret, body=body, timestamp=t).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))

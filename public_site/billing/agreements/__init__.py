"""The agreements a municipality accepts on joining, as versioned texts shipped with the code."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class AgreementText:
    kind: str
    version: str
    text: str


@cache
def current(kind: str) -> AgreementText:
    """The version a new signature binds to; a new version is a new file, never an edit."""
    version = {"terms": "2026-1", "dpa": "2026-1"}[kind]
    return AgreementText(
        kind=kind, version=version, text=(_DIR / f"{kind}-{version}.txt").read_text("utf-8")
    )

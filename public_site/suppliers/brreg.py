"""Client for Brønnøysundregistrene's Enhetsregisteret (open API, no key): one unit by org.nr."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from enum import StrEnum

import requests
from django.conf import settings

logger = logging.getLogger(__name__)


class LookupStatus(StrEnum):
    FOUND = "found"
    NOT_FOUND = "not_found"  # 404: no such unit
    DELETED = "deleted"  # 410 Gone: the unit is deleted (slettet)
    UNAVAILABLE = "unavailable"  # offline, timeout, 5xx, unreadable answer


@dataclass(frozen=True)
class RegisterData:
    orgnr: str
    name: str = ""
    organisation_form_code: str = ""
    organisation_form: str = ""
    address: str = ""
    postcode: str = ""
    postplace: str = ""
    bankrupt: bool = False
    under_liquidation: bool = False
    under_forced_liquidation: bool = False
    deleted_on: datetime.date | None = None


@dataclass(frozen=True)
class LookupResult:
    status: LookupStatus
    data: RegisterData | None = None
    detail: str = field(default="")


def _parse_unit(body: dict) -> RegisterData:
    form = body.get("organisasjonsform") or {}
    address = body.get("forretningsadresse") or body.get("postadresse") or {}
    deleted = body.get("slettedato")
    return RegisterData(
        orgnr=str(body.get("organisasjonsnummer", "")),
        name=body.get("navn", ""),
        organisation_form_code=form.get("kode", ""),
        organisation_form=form.get("beskrivelse", ""),
        address=", ".join(address.get("adresse") or []),
        postcode=address.get("postnummer", "") or "",
        postplace=address.get("poststed", "") or "",
        bankrupt=bool(body.get("konkurs")),
        under_liquidation=bool(body.get("underAvvikling")),
        under_forced_liquidation=bool(body.get("underTvangsavviklingEllerTvangsopplosning")),
        deleted_on=datetime.date.fromisoformat(deleted) if deleted else None,
    )


def lookup(orgnr: str) -> LookupResult:
    """Look up a unit. Never raises for network trouble: that is UNAVAILABLE, to retry later."""
    if settings.BRREG_OFFLINE:
        return LookupResult(LookupStatus.UNAVAILABLE, detail="offline")
    url = f"{settings.BRREG_BASE_URL.rstrip('/')}/enhetsregisteret/api/enheter/{orgnr}"
    try:
        response = requests.get(
            url, headers={"Accept": "application/json"}, timeout=settings.BRREG_TIMEOUT_SECONDS
        )
    except requests.RequestException as exc:
        logger.warning("Enhetsregisteret unreachable: %s", type(exc).__name__)
        return LookupResult(LookupStatus.UNAVAILABLE, detail=type(exc).__name__)
    if response.status_code == 404:
        return LookupResult(LookupStatus.NOT_FOUND)
    if response.status_code == 410:
        try:
            data = _parse_unit(response.json())
        except ValueError:
            data = RegisterData(orgnr=orgnr)
        return LookupResult(LookupStatus.DELETED, data=data)
    if response.status_code != 200:
        return LookupResult(LookupStatus.UNAVAILABLE, detail=f"HTTP {response.status_code}")
    try:
        return LookupResult(LookupStatus.FOUND, data=_parse_unit(response.json()))
    except (ValueError, TypeError, AttributeError) as exc:
        return LookupResult(LookupStatus.UNAVAILABLE, detail=f"unreadable: {exc}")

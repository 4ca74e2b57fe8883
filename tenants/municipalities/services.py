"""Writes to the municipality registry: loading the 357 municipalities and 15 counties."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from fritt.events.services import state_change

from .models import County, Maalform, Municipality

DATA_DIR = Path(__file__).resolve().parent / "data"
_MAALFORM = {"Bokmål": Maalform.BOKMAAL, "Nynorsk": Maalform.NYNORSK, "Nøytral": Maalform.NEUTRAL}
_NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def norwegian_slug(text: str) -> str:
    """'Bodø' -> 'bodo', 'Aurskog-Høland' -> 'aurskog-holand' (as in Norwegian host names)."""
    return slugify(text.translate(_NORWEGIAN_LETTERS))


@dataclass(frozen=True)
class RegistrySyncResult:
    counties: int
    municipalities: int
    created: int


@state_change("registry.synced")
@transaction.atomic
def sync_registry(*, data_dir: Path = DATA_DIR) -> RegistrySyncResult:
    """Create or update counties and municipalities from the bundled registry files.

    Idempotent: provisioning state (lifecycle, schema, domains) is never touched.
    """
    with open(data_dir / "fylker.csv", encoding="utf-8") as fh:
        county_rows = list(csv.DictReader(fh))
    for row in county_rows:
        County.objects.update_or_create(
            number=row["fylkesnummer"],
            defaults={"name": row["fylkesnavn"], "population": int(row["innbyggere"])},
        )
    with open(data_dir / "kommuner.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))

    counts: dict[str, int] = {}
    for row in rows:
        base = norwegian_slug(row["kommunenavn_norsk"])
        counts[base] = counts.get(base, 0) + 1

    created = 0
    for row in rows:
        base = norwegian_slug(row["kommunenavn_norsk"])
        # Two Herøy and two Våler: their addresses carry the county to stay unique.
        slug = base if counts[base] == 1 else f"{base}-{norwegian_slug(row['fylkesnavn'])}"
        _, was_created = Municipality.registry.update_or_create(
            kommunenummer=row["kommunenummer"],
            defaults={
                "name": row["kommunenavn"],
                "name_norwegian": row["kommunenavn_norsk"],
                "slug": slug,
                "county_id": row["fylkesnummer"],
                "population": int(row["innbyggere"]),
                "area_km2": Decimal(row["areal_km2"]),
                "maalform": _MAALFORM[row["maalform"]],
                "admin_centre": row["adm_senter"],
                "sami_area": row["samisk_forvaltningsomrade"] == "ja",
                "orgnr": row["orgnr_avledet"],
                "schema_name": Municipality.schema_name_for(row["kommunenummer"]),
            },
        )
        created += int(was_created)
    return RegistrySyncResult(counties=len(county_rows), municipalities=len(rows), created=created)

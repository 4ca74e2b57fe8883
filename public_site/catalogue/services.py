"""Writes to the national service catalogue."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from fritt.events.services import state_change

from .models import ServiceType

CATALOGUE_FILE = Path(__file__).resolve().parent / "data" / "service_types.json"


@state_change("catalogue.synced")
@transaction.atomic
def sync_catalogue(*, path: Path = CATALOGUE_FILE) -> int:
    """Create or update the national service types from the bundled catalogue (idempotent)."""
    entries = json.loads(path.read_text(encoding="utf-8"))
    for order, entry in enumerate(entries):
        ServiceType.objects.update_or_create(
            code=entry["code"], defaults={**entry, "sort_order": order}
        )
    return len(entries)

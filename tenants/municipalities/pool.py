"""The spare-schema pool: schemas migrated ahead of time, so that joining waits for no migration.

The worker keeps `FRITT_SPARE_SCHEMAS` spares ready (`refill_spare_pool`); going live takes the
oldest fresh one under `SELECT … FOR UPDATE SKIP LOCKED` (two joins at once never get the same
spare) and renames it to the municipality's schema inside the caller's transaction. A spare built
before a new migration landed is stale: it is never handed out, and the refill drops it.
"""

from __future__ import annotations

import hashlib
import secrets
from functools import cache

from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader

from tenants.recipients.dbguard import CLAIM_SPARE_FUNCTION, DROP_SPARE_FUNCTION

from .models import Municipality, SpareSchema

SPARE_PREFIX = "spare_"


@cache
def migrations_fingerprint() -> str:
    """A hash of every migration file's name: equal fingerprints mean equal schemas."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    names = sorted(f"{app}.{name}" for app, name in loader.disk_migrations)
    return hashlib.sha256("\n".join(names).encode()).hexdigest()


def create_spare_schema() -> SpareSchema:
    """Create and migrate one spare schema (seconds: this is the wait the pool saves)."""
    name = f"{SPARE_PREFIX}{secrets.token_hex(8)}"
    # An unsaved tenant: create_schema reads only its schema name.
    Municipality(schema_name=name).create_schema(check_if_exists=False, verbosity=0)
    return SpareSchema.objects.create(name=name, migrations=migrations_fingerprint())


def take_spare_schema(*, municipality: Municipality) -> bool:
    """Rename a fresh spare to this municipality's schema; False when none is ready.

    Runs in the caller's transaction: if going live fails, the spare is back in the pool."""
    with transaction.atomic():
        spare = (
            SpareSchema.objects.select_for_update(skip_locked=True)
            .filter(migrations=migrations_fingerprint())
            .order_by("created_at")
            .first()
        )
        if spare is None:
            return False
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {CLAIM_SPARE_FUNCTION}(%s, %s)", [spare.name, municipality.schema_name]
            )
        spare.delete()
    return True


def drop_stale_spares() -> int:
    """Drop spares built from other migrations (they hold no data)."""
    stale = list(SpareSchema.objects.exclude(migrations=migrations_fingerprint()))
    for spare in stale:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SELECT {DROP_SPARE_FUNCTION}(%s)", [spare.name])
            spare.delete()
    return len(stale)


def refill_spare_pool(*, size: int | None = None) -> int:
    """Top the pool up to `size` fresh spares; returns how many were made."""
    size = settings.FRITT_SPARE_SCHEMAS if size is None else size
    drop_stale_spares()
    made = 0
    while SpareSchema.objects.filter(migrations=migrations_fingerprint()).count() < size:
        with transaction.atomic():
            create_spare_schema()
        made += 1
    return made

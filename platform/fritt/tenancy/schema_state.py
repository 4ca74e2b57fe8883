"""Which municipality schemas lack a migration on disk, read in two queries for every schema."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django_tenants.utils import get_tenant_model


def schemas_needing_migration() -> list[str]:
    """Schemas of provisioned municipalities whose recorded migrations miss the latest of any
    app. A start of `make run` with nothing new then skips django-tenants' executor, which
    runs the whole migrate command in every schema (1.8 s at 5 municipalities, 35 s at 357)."""
    schemas = sorted(get_tenant_model().objects.values_list("schema_name", flat=True))
    if not schemas:
        return []
    leaves = sorted(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s FROM unnest(%s::text[]) AS s "
            "WHERE to_regclass(quote_ident(s) || '.django_migrations') IS NULL",
            [schemas],
        )
        stale = {row[0] for row in cursor.fetchall()}
        present = [s for s in schemas if s not in stale]
        if present:
            # One statement over every schema: how many of the leaf migrations each recorded.
            quoted = [connection.ops.quote_name(s) for s in present]
            parts = " UNION ALL ".join(
                f"SELECT %s AS s, app, name FROM {q}.django_migrations"  # noqa: S608
                for q in quoted
            )
            cursor.execute(
                f"SELECT s, count(*) FROM ({parts}) AS recorded "  # noqa: S608 (quoted names)
                "WHERE (app, name) IN (SELECT * FROM unnest(%s::text[], %s::text[])) GROUP BY s",
                [*present, [a for a, _n in leaves], [n for _a, n in leaves]],
            )
            complete = {s for s, n in cursor.fetchall() if n == len(leaves)}
            stale |= set(present) - complete
    return sorted(stale)

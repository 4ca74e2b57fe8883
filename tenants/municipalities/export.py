"""The leaving export: every table of a municipality's schema (JSON and CSV) and every document
it stored, in one zip archive with a manifest of SHA-256 checksums.

Reading recipients' tables is a view of their data, so each recipient gets an access-log entry;
the export itself is an event in the municipality's schema."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import zipfile
from decimal import Decimal

from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from fritt.events.services import record
from fritt.tenancy.schemas import in_municipality

from .models import Municipality


def _json_default(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return str(value)


def _tables(schema: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = %s AND table_type = 'BASE TABLE' ORDER BY table_name",
            [schema],
        )
        return [row[0] for row in cursor.fetchall()]


def _rows(schema: str, table: str) -> tuple[list[str], list[tuple]]:
    with connection.cursor() as cursor:
        # Names come from the catalogue above, quoted as identifiers.
        cursor.execute(f'SELECT * FROM "{schema}"."{table}" ORDER BY 1')  # noqa: S608
        return [c.name for c in cursor.description], cursor.fetchall()


def stored_files(path: str = "") -> list[str]:
    """Every file the current schema stored (its own storage prefix), as storage paths."""
    try:
        directories, files = default_storage.listdir(path)
    except FileNotFoundError:  # nothing stored yet: local storage has no folder
        return []
    found = [f"{path}/{name}".lstrip("/") for name in files]
    for directory in directories:
        found += stored_files(f"{path}/{directory}".lstrip("/"))
    return found


def export_municipality(*, municipality: Municipality, by=None) -> bytes:
    """The archive as bytes: `tables/<table>.json` and `.csv`, `documents/<path>`,
    `manifest.json` (tables with row counts, files with size and SHA-256)."""
    from tenants.recipients.models import AccessAction, Recipient
    from tenants.recipients.services.access_log import log_access

    buffer = io.BytesIO()
    manifest = {
        "municipality": municipality.kommunenummer,
        "schema": municipality.schema_name,
        "created_at": timezone.now().isoformat(),
        "tables": {},
        "files": {},
    }

    def add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
        archive.writestr(name, data)
        manifest["files"][name] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}

    with (
        in_municipality(municipality),
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for table in _tables(municipality.schema_name):
            columns, rows = _rows(municipality.schema_name, table)
            manifest["tables"][table] = {"rows": len(rows), "columns": columns}
            records = [dict(zip(columns, row, strict=True)) for row in rows]
            add(
                archive,
                f"tables/{table}.json",
                json.dumps(records, default=_json_default, ensure_ascii=False, indent=1).encode(),
            )
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow(columns)
            writer.writerows(
                [_json_default(v) if v is not None else "" for v in row] for row in rows
            )
            add(archive, f"tables/{table}.csv", text.getvalue().encode("utf-8"))
        for path in stored_files():
            with default_storage.open(path, "rb") as fh:
                add(archive, f"documents/{path}", fh.read())
        if by is not None:
            log_access(
                user=by,
                recipients=list(Recipient.objects.all()),
                action=AccessAction.LIST,
                what="Eksport av kommunens data (avslutning)",
            )
        record(
            action="municipality.exported",
            subject=("municipalities.municipality", municipality.pk),
            by=by,
            data={"tables": len(manifest["tables"]), "files": len(manifest["files"])},
        )
        archive.writestr(
            "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode()
        )
    return buffer.getvalue()

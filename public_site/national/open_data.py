"""The nightly full dump of the open data: one zip of JSON and CSV files in national storage,
written by a beat task and downloaded from one stable URL (`national:open_data_dump`)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from fritt.files.storage import national_storage
from public_site.announcements.models import Announcement
from public_site.announcements.selectors import supplier_register
from public_site.catalogue.models import ServiceType
from tenants.municipalities.models import Municipality

FOLDER = "apne-data"
PREFIX = "fritt-brukervalg-"
DOWNLOAD_NAME = "fritt-brukervalg-apne-data.zip"
KEEP = 7  # a week of nights, for whoever wants to compare


def _announcements() -> list[dict[str, Any]]:
    rows = (
        Announcement.objects.select_related("host", "service_type")
        .prefetch_related("participants", "approved_suppliers")
        .order_by("pk")
    )
    return [
        {
            "id": a.pk,
            "title": a.title,
            "summary": a.summary,
            "service_type": a.service_type.code,
            "status": a.status,
            "is_joint": a.is_joint,
            "host": a.host.kommunenummer,
            "participants": sorted(m.kommunenummer for m in a.participants.all()),
            "version": a.version,
            "published_at": a.published_at.isoformat(),
            "last_changed_at": a.last_changed_at.isoformat(),
            "approved_suppliers": sorted(s.orgnr for s in a.approved_suppliers.all()),
            "details": a.details,
        }
        for a in rows
    ]


def _suppliers() -> list[dict[str, Any]]:
    return [
        {
            "orgnr": s.orgnr,
            "name": s.name,
            "approved_in": [
                {
                    "announcement": a.pk,
                    "service_type": a.service_type.code,
                    "host": a.host.kommunenummer,
                    "municipalities": [
                        a.host.kommunenummer,
                        *sorted(m.kommunenummer for m in a.participants.all()),
                    ],
                }
                for a in s.approved_in
            ],
        }
        for s in supplier_register()
    ]


def _catalogue() -> list[dict[str, Any]]:
    return list(
        ServiceType.objects.order_by("sort_order", "code").values(
            "code", "name", "description", "legal_basis", "default_unit", "is_health_service"
        )
    )


def _municipalities() -> list[dict[str, Any]]:
    return list(
        Municipality.registry.order_by("kommunenummer").values(
            "kommunenummer", "name_norwegian", "county_id", "population", "lifecycle"
        )
    )


# The flat table: the JSON record without its long text and nested details (ordninger.json,
# satser.csv and vilkar.csv carry those).
ANNOUNCEMENT_CSV_COLUMNS = [
    "id", "title", "service_type", "status", "is_joint", "host", "participants", "version",
    "published_at", "last_changed_at", "approved_suppliers",
]  # fmt: skip


def _cell(value: Any) -> Any:
    """A list (municipality numbers, organisation numbers) is one space-separated cell."""
    return " ".join(value) if isinstance(value, list) else value


def _csv(header: list[str], rows: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def build_dump() -> bytes:
    """The zip: each table as JSON (nested, complete) and CSV (flat), with the licence."""
    announcements = _announcements()
    suppliers = _suppliers()
    catalogue = _catalogue()
    municipalities = _municipalities()
    licence = settings.OPEN_DATA_LICENCE
    made = timezone.now().isoformat()
    files: dict[str, str] = {
        "LISENS.txt": f"{licence['name']}\n{licence['url']}\nLaget {made}\n",
        "kunngjoringer.json": json.dumps(announcements, ensure_ascii=False, indent=1),
        "ordninger.json": json.dumps(
            [{"announcement": a["id"], **a["details"]} for a in announcements],
            ensure_ascii=False,
            indent=1,
        ),
        "leverandorer.json": json.dumps(suppliers, ensure_ascii=False, indent=1),
        "tjenestetyper.json": json.dumps(catalogue, ensure_ascii=False, indent=1),
        "kommuner.json": json.dumps(municipalities, ensure_ascii=False, indent=1),
        "kunngjoringer.csv": _csv(
            ANNOUNCEMENT_CSV_COLUMNS,
            [[_cell(a[column]) for column in ANNOUNCEMENT_CSV_COLUMNS] for a in announcements],
        ),
        "satser.csv": _csv(
            ["announcement", "unit", "variant", "amount", "valid_from"],
            [
                [a["id"], r["unit"], r["variant"], r["amount"], r["valid_from"]]
                for a in announcements
                for r in a["details"].get("rates", [])
            ],
        ),  # fmt: skip
        "vilkar.csv": _csv(
            ["announcement", "text", "document_type"],
            [
                [a["id"], c["text"], c["document_type"]]
                for a in announcements
                for c in a["details"].get("conditions", [])
            ],
        ),  # fmt: skip
        "leverandorer.csv": _csv(
            ["orgnr", "name", "announcement", "service_type", "host", "municipalities"],
            [
                [
                    s["orgnr"],
                    s["name"],
                    p["announcement"],
                    p["service_type"],
                    p["host"],
                    " ".join(p["municipalities"]),
                ]
                for s in suppliers
                for p in s["approved_in"]
            ],
        ),  # fmt: skip
        "tjenestetyper.csv": _csv(
            list(catalogue[0]) if catalogue else ["code"],
            [list(row.values()) for row in catalogue],
        ),
        "kommuner.csv": _csv(
            list(municipalities[0]) if municipalities else ["kommunenummer"],
            [list(row.values()) for row in municipalities],
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _dumps() -> list[str]:
    storage = national_storage()
    try:
        _dirs, names = storage.listdir(FOLDER)
    except FileNotFoundError:
        return []
    return sorted(n for n in names if n.startswith(PREFIX) and n.endswith(".zip"))


def write_dump() -> str:
    """Write tonight's dump beside the last few and drop older ones; returns its storage name.
    A new name each night (never overwriting), so a download in progress is never cut off."""
    storage = national_storage()
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
    name = storage.save(f"{FOLDER}/{PREFIX}{stamp}.zip", ContentFile(build_dump()))
    for old in _dumps()[:-KEEP]:
        storage.delete(f"{FOLDER}/{old}")
    return name


def latest_dump() -> str | None:
    """The storage name of the newest dump, or None before the first night."""
    names = _dumps()
    return f"{FOLDER}/{names[-1]}" if names else None

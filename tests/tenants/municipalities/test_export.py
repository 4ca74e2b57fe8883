"""The leaving export holds every table of the municipality's schema and its documents, with a
manifest of checksums, and is audited."""

import hashlib
import io
import json
import zipfile

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from fritt.accounts.roles import Role
from fritt.events.models import Event
from fritt.tenancy.schemas import in_municipality
from tenants.municipalities.export import export_municipality
from tests.factories import make_user, new_recipient


def test_the_export_contains_every_table_and_document(ulvik, media, tmp_path):
    admin = make_user(Role.MUNICIPAL_ADMIN, municipality=ulvik)
    case_worker = make_user(Role.CASE_WORKER, municipality=ulvik)
    with in_municipality(ulvik):
        recipient = new_recipient(case_worker, name="Ulla Ulvik")
        default_storage.save("kontrakter/avtale.pdf", ContentFile(b"%PDF-1.4 avtale"))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = %s AND table_type = 'BASE TABLE'",
                [ulvik.schema_name],
            )
            tables = {row[0] for row in cursor.fetchall()}
    archive = zipfile.ZipFile(io.BytesIO(export_municipality(municipality=ulvik, by=admin)))
    manifest = json.loads(archive.read("manifest.json"))
    assert set(manifest["tables"]) == tables and "recipients_recipient" in tables
    for table in tables:
        assert f"tables/{table}.json" in archive.namelist()
        assert f"tables/{table}.csv" in archive.namelist()
    assert archive.read("documents/kontrakter/avtale.pdf") == b"%PDF-1.4 avtale"
    for name, entry in manifest["files"].items():
        assert hashlib.sha256(archive.read(name)).hexdigest() == entry["sha256"]
    rows = json.loads(archive.read("tables/recipients_recipient.json"))
    assert [r["id"] for r in rows] == [recipient.pk]
    with in_municipality(ulvik):
        assert Event.objects.filter(action="municipality.exported").exists()
        from tenants.recipients.models import AccessLogEntry

        assert AccessLogEntry.objects.filter(user=admin, recipient=recipient).exists()

    out = tmp_path / "ulvik.zip"
    call_command("export_municipality", "4620", str(out), "--by", admin.email)
    assert zipfile.is_zipfile(out)

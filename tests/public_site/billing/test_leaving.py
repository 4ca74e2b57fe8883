"""Leaving: the administrator ends the subscription (after a page that says what happens and
when), the worker makes the complete export for download, and after the retention period the
schema, its documents and the export are removed while the audit record stays."""

import datetime
import hashlib
import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_exists

from fritt.accounts.models import RoleAssignment
from fritt.accounts.roles import Role
from fritt.errors import DomainError, NotAllowed
from fritt.events.models import Event
from fritt.tenancy.schemas import in_municipality, in_public
from public_site.billing import leaving
from public_site.billing.errors import BillingError
from public_site.billing.models import Departure
from tenants.municipalities.models import Domain, Lifecycle
from tests.factories import make_user, new_recipient, site_client


def _schema_tables(schema: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = %s AND table_type = 'BASE TABLE'",
            [schema],
        )
        return {row[0] for row in cursor.fetchall()}


def test_leaving_end_to_end_export_then_removal_after_retention(db, ulvik, media, operator):
    admin = make_user(Role.MUNICIPAL_ADMIN, municipality=ulvik)
    case_worker = make_user(Role.CASE_WORKER, municipality=ulvik)
    with in_municipality(ulvik):
        recipient = new_recipient(case_worker, name="Ulla Ulvik")
        default_storage.save("kontrakter/avtale.pdf", ContentFile(b"%PDF-1.4 avtale"))
    tables = _schema_tables(ulvik.schema_name)
    client = site_client("ulvik", user=admin)

    # Consequences first: the dates, and nothing changes without the name typed.
    page = client.get("/ansatt/abonnement/avslutt/").content.decode()
    removal = leaving.removal_date(timezone.localdate())
    assert str(removal.year) in page and "Ulvik" in page
    wrong = client.post("/ansatt/abonnement/avslutt/", {"confirm_name": "Bergen"})
    assert wrong.status_code == 200
    ulvik.refresh_from_db()
    assert ulvik.lifecycle == Lifecycle.ACTIVE

    ended = client.post("/ansatt/abonnement/avslutt/", {"confirm_name": "ulvik"})
    assert ended.status_code == 302
    ulvik.refresh_from_db()
    assert ulvik.lifecycle == Lifecycle.ENDED
    departure = Departure.objects.get(municipality=ulvik)
    assert departure.remove_after == removal and departure.requested_by == admin
    with in_public():
        assert Event.objects.filter(action="municipality.left", subject_id=str(departure.pk))
    # Read-only now: a write answers 503, reads still work; no export yet.
    assert client.post("/ansatt/abonnement/avslutt/", {"confirm_name": "Ulvik"}).status_code == 503
    assert client.get("/ansatt/abonnement/").status_code == 200
    assert client.get("/ansatt/abonnement/eksport/").status_code == 404

    # The worker's export: every table of the schema and its documents, checksummed.
    leaving.produce_export(departure_id=departure.pk)
    departure.refresh_from_db()
    download = client.get("/ansatt/abonnement/eksport/")
    assert download.status_code == 200
    data = b"".join(download.streaming_content)
    assert hashlib.sha256(data).hexdigest() == departure.export_sha256
    archive = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(archive.read("manifest.json"))
    assert set(manifest["tables"]) == tables
    for table in tables:
        assert f"tables/{table}.json" in archive.namelist()
        assert f"tables/{table}.csv" in archive.namelist()
    assert archive.read("documents/kontrakter/avtale.pdf") == b"%PDF-1.4 avtale"
    for name, entry in manifest["files"].items():
        assert hashlib.sha256(archive.read(name)).hexdigest() == entry["sha256"]
    assert [r["id"] for r in json.loads(archive.read("tables/recipients_recipient.json"))] == [
        recipient.pk
    ]
    # Making it again changes nothing.
    assert leaving.produce_export(departure_id=departure.pk).export_sha256 == (
        departure.export_sha256
    )

    # The operator sees it.
    drift = site_client(user=operator).get("/drift/").content.decode()
    assert "Kommuner som har avsluttet" in drift and "eksport klar" in drift

    # Not before the retention period has run out …
    assert leaving.remove_departed(today=removal - datetime.timedelta(days=1)) == []
    assert schema_exists(ulvik.schema_name)
    # … then the schema, its documents and the export go; the audit record stays.
    export_path = departure.export_path
    assert leaving.remove_departed(today=removal) == ["4620"]
    connection.set_schema_to_public()
    assert not schema_exists(ulvik.schema_name)
    ulvik.refresh_from_db()
    assert ulvik.lifecycle == Lifecycle.REGISTERED
    assert not Domain.objects.filter(tenant=ulvik).exists()
    assert not RoleAssignment.objects.filter(municipality=ulvik).exists()
    assert not default_storage.exists(export_path)
    with in_public():
        assert not default_storage.exists(f"{ulvik.schema_name}/kontrakter/avtale.pdf")
    departure.refresh_from_db()
    assert departure.removed_at is not None
    removed = Event.objects.get(action="municipality.removed", subject_id=str(departure.pk))
    assert removed.data["schema"] == "k4620"
    assert Event.objects.filter(action="municipality.left", subject_id=str(departure.pk))
    # The access log (the export was logged as a view of each recipient) is kept, read-only,
    # by the audit role.
    kept = departure.kept_access_log
    assert kept.startswith("k4620_accesslog_")
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM fritt_audit."{kept}"')  # noqa: S608
        assert cursor.fetchone()[0] >= 1
    # The site says the municipality is not on the platform; it may join again.
    assert site_client("ulvik").get("/").status_code == 404
    assert leaving.remove_departed(today=removal) == []


def test_only_the_admin_ends_and_only_once(db, ulvik):
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=ulvik)
    with pytest.raises(NotAllowed):
        leaving.end_subscription(municipality=ulvik, by=officer)
    assert site_client("ulvik", user=officer).get("/ansatt/abonnement/").status_code == 403
    admin = make_user(Role.MUNICIPAL_ADMIN, municipality=ulvik)
    leaving.end_subscription(municipality=ulvik, by=admin)
    with pytest.raises(DomainError) as twice:
        leaving.end_subscription(municipality=ulvik, by=admin)
    assert twice.value.code == BillingError.ALREADY_LEAVING


def test_the_guard_removes_only_municipality_schemas(db):
    with pytest.raises(Exception, match="only a municipality schema"), connection.cursor() as c:
        c.execute("SELECT fritt_audit.drop_municipality_schema('public')")

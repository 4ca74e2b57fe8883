"""A municipality leaving: the admin ends the subscription, the worker makes the complete export
for download, and after the retention period a periodic task removes the schema, its documents
and the export. Every step is an event in the public schema, which outlives the schema."""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fritt.accounts.models import RoleAssignment, User
from fritt.accounts.roles import Role
from fritt.accounts.selectors import roles_in_municipality
from fritt.celery_app import send_after_commit
from fritt.errors import DomainError, NotAllowed
from fritt.events.services import record
from fritt.tenancy.schemas import in_municipality, in_public
from public_site.announcements.projection import end_announcements_of
from tenants.municipalities.export import export_municipality, stored_files
from tenants.municipalities.models import Domain, Lifecycle, Municipality
from tenants.recipients.dbguard import DROP_MUNICIPALITY_FUNCTION

from .errors import BillingError
from .models import Departure

_LEAVING_FROM = (Lifecycle.PROVISIONED, Lifecycle.ACTIVE, Lifecycle.SUSPENDED)


def removal_date(ends_on: datetime.date) -> datetime.date:
    return ends_on + datetime.timedelta(days=settings.FRITT_RETENTION_DAYS)


@transaction.atomic
def end_subscription(*, municipality: Municipality, by: User) -> Departure:
    """The municipal admin ends the subscription today: the site turns read-only, Stripe stops
    billing (in the worker), the national announcements end, and the worker makes the export.
    The data is removed `FRITT_RETENTION_DAYS` later."""
    if Role.MUNICIPAL_ADMIN not in roles_in_municipality(user=by, municipality=municipality):
        raise NotAllowed(
            BillingError.NOT_ADMIN, _("Bare kommunens administrator kan avslutte abonnementet.")
        )
    # The departure and its events are national rows: they outlive the municipality's schema.
    with in_public():
        return _end(municipality=municipality, by=by)


def _end(*, municipality: Municipality, by: User) -> Departure:
    from .tasks import cancel_subscription_task, export_departure_task

    municipality = Municipality.registry.select_for_update().get(pk=municipality.pk)
    if municipality.lifecycle not in _LEAVING_FROM:
        raise DomainError(BillingError.ALREADY_LEAVING, _("Abonnementet er allerede avsluttet."))
    today = timezone.localdate()
    departure = Departure.objects.create(
        municipality=municipality,
        ends_on=today,
        remove_after=removal_date(today),
        requested_by=by,
    )
    municipality.lifecycle = Lifecycle.ENDED
    municipality.save(update_fields=["lifecycle"])
    ended = end_announcements_of(municipality=municipality)
    record(
        action="municipality.left",
        subject=departure,
        by=by,
        data={
            "municipality": municipality.kommunenummer,
            "ends_on": today.isoformat(),
            "remove_after": departure.remove_after.isoformat(),
            "announcements_ended": ended,
        },
    )
    send_after_commit(cancel_subscription_task, municipality.pk)
    send_after_commit(export_departure_task, departure.pk)
    return departure


def export_key(departure: Departure) -> str:
    return f"eksport/{departure.municipality.kommunenummer}/{departure.pk}.zip"


def produce_export(*, departure_id: int) -> Departure:
    """The complete export (every table as JSON and CSV, every document, a manifest with
    checksums, one zip), stored in the national area for the admin to download. Once."""
    departure = Departure.objects.select_related("municipality").get(pk=departure_id)
    if departure.exported_at is not None or departure.removed_at is not None:
        return departure
    archive = export_municipality(municipality=departure.municipality, by=departure.requested_by)
    with transaction.atomic(), in_public():
        departure = Departure.objects.select_for_update().get(pk=departure_id)
        if departure.exported_at is not None:
            return departure
        key = export_key(departure)
        if default_storage.exists(key):
            default_storage.delete(key)
        departure.export_path = default_storage.save(key, ContentFile(archive))
        departure.export_bytes = len(archive)
        departure.export_sha256 = hashlib.sha256(archive).hexdigest()
        departure.exported_at = timezone.now()
        departure.save(
            update_fields=["export_path", "export_bytes", "export_sha256", "exported_at"]
        )
        record(
            action="municipality.export_ready",
            subject=departure,
            data={
                "municipality": departure.municipality.kommunenummer,
                "bytes": departure.export_bytes,
                "sha256": departure.export_sha256,
            },
        )
    return departure


def open_export(departure: Departure):
    """The stored archive, opened for reading (the caller streams and closes it)."""
    with in_public():
        return default_storage.open(departure.export_path, "rb")


def remove_departed(*, today: datetime.date | None = None) -> list[str]:
    """Remove every municipality whose retention period has run out; the kommunenummer of
    each one removed."""
    today = today or timezone.localdate()
    due = Departure.objects.filter(removed_at__isnull=True, remove_after__lte=today)
    return [remove_municipality(departure=d).municipality.kommunenummer for d in due]


@transaction.atomic
def remove_municipality(*, departure: Departure) -> Departure:
    """Drop the schema (its access log is kept by the audit role), delete its documents and
    the export, take the domain and the roles away: the municipality is back in the registry
    as one that has not joined. The departure and the public events stay."""
    departure = Departure.objects.select_for_update().get(pk=departure.pk)
    municipality = Municipality.registry.select_for_update().get(pk=departure.municipality_id)
    if departure.removed_at is not None:
        return departure
    documents = 0
    with in_municipality(municipality):
        for path in stored_files():
            default_storage.delete(path)
            documents += 1
    if departure.export_path:
        default_storage.delete(departure.export_path)
    with connection.cursor() as cursor:
        # Deferred foreign-key checks of rows written earlier in this transaction would stop
        # the drop ("pending trigger events"): run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"SELECT {DROP_MUNICIPALITY_FUNCTION}(%s)", [municipality.schema_name])
        kept = cursor.fetchone()[0] or ""
    Domain.objects.filter(tenant=municipality).delete()
    roles = RoleAssignment.objects.filter(municipality=municipality).delete()[0]
    municipality.lifecycle = Lifecycle.REGISTERED
    municipality.provisioned_at = None
    municipality.save(update_fields=["lifecycle", "provisioned_at"])
    departure.removed_at = timezone.now()
    departure.kept_access_log = kept
    departure.export_path = ""
    departure.save(update_fields=["removed_at", "kept_access_log", "export_path"])
    record(
        action="municipality.removed",
        subject=departure,
        data={
            "municipality": municipality.kommunenummer,
            "schema": municipality.schema_name,
            "documents": documents,
            "roles": roles,
            "access_log_kept_as": kept,
        },
    )
    return departure

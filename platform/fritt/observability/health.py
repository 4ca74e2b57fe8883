"""GET /healthz: reports the database, the broker, storage and the worker's last heartbeat."""

from __future__ import annotations

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from fritt.accounts.access import public_page
from fritt.celery_app import app

from .models import Heartbeat


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _check_broker() -> str:
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=3)
    return "ok"


def _check_storage() -> str:
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as fh:
            if fh.read() != b"ok":
                return "feil: leste noe annet enn det som ble skrevet"
    finally:
        default_storage.delete(name)
    return "ok"


@public_page
@never_cache
def healthz(request):
    checks: dict[str, str] = {}
    for name, check in (
        ("database", _check_database),
        ("broker", _check_broker),
        ("storage", _check_storage),
    ):
        try:
            checks[name] = check()
        except Exception as exc:  # report, never raise: this page must answer when others fail
            checks[name] = f"feil: {type(exc).__name__}"
    beat = Heartbeat.objects.filter(name="worker").first()
    worker = {
        "last_heartbeat": beat.beat_at.isoformat() if beat else None,
        "seconds_ago": round((timezone.now() - beat.beat_at).total_seconds()) if beat else None,
    }
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "feil", "checks": checks, "worker": worker},
        status=200 if healthy else 503,
    )

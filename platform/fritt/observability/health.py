"""GET /healthz: reports the database, the broker, storage and the worker's last heartbeat."""

from __future__ import annotations

import uuid
from typing import Any

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


# The beat runs every 30 s; past this the worker is taken to be down (or stuck).
WORKER_SILENT_AFTER_SECONDS = 120


def platform_health() -> dict[str, Any]:
    """Each check as "ok" or "feil: <kind>", and the worker's last heartbeat: what /healthz
    answers and the operator's page shows. Never raises: it must answer when others fail."""
    checks: dict[str, str] = {}
    for name, check in (
        ("database", _check_database),
        ("broker", _check_broker),
        ("storage", _check_storage),
    ):
        try:
            checks[name] = check()
        except Exception as exc:  # report, never raise
            checks[name] = f"feil: {type(exc).__name__}"
    try:
        beat = Heartbeat.objects.filter(name="worker").first()
    except Exception:  # the database is down: already reported above
        beat = None
    seconds = round((timezone.now() - beat.beat_at).total_seconds()) if beat else None
    return {
        "checks": checks,
        "worker": {
            "last_heartbeat": beat.beat_at.isoformat() if beat else None,
            "seconds_ago": seconds,
            "alive": seconds is not None and seconds <= WORKER_SILENT_AFTER_SECONDS,
        },
    }


@public_page
@never_cache
def healthz(request):
    health = platform_health()
    checks = health["checks"]
    worker = {k: v for k, v in health["worker"].items() if k != "alive"}
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "feil", "checks": checks, "worker": worker},
        status=200 if healthy else 503,
    )

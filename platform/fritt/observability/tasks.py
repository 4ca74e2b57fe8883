"""Periodic tasks that prove the scheduler and the worker are alive."""

from django.utils import timezone

from fritt.celery_app import app

from .models import Heartbeat


@app.task
def heartbeat() -> None:
    Heartbeat.objects.update_or_create(name="worker", defaults={"beat_at": timezone.now()})

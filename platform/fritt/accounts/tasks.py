"""Periodic housekeeping for accounts."""

from fritt.celery_app import app

from . import services


@app.task
def purge_old_login_records() -> int:
    return services.purge_old_login_records()

"""The tenant-aware Celery application: a task sent in a municipality's schema runs there."""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fritt.settings.base")

app = CeleryApp("fritt")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def send_after_commit(task, *args) -> None:
    """Send `task` when the current transaction commits, to run in the schema that is active
    *now*. The tenant-aware app reads the schema at send time, and by commit time the caller
    may have left the municipality's context (a service called inside an outer transaction)."""
    from django.db import connection, transaction

    schema = connection.schema_name
    transaction.on_commit(lambda: task.apply_async(args, headers={"_schema_name": schema}))

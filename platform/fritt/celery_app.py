"""The tenant-aware Celery application: a task sent in a municipality's schema runs there."""

import os
from pathlib import Path

from tenant_schemas_celery.app import CeleryApp

# A worker or beat started without DJANGO_SETTINGS_MODULE is a deployment's: production
# settings refuse to start without their secrets, where local ones would run quietly.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fritt.settings.production")

app = CeleryApp("fritt")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

FILESYSTEM_BROKER_FOLDERS = (
    "data_folder_in",
    "data_folder_out",
    "processed_folder",
    "control_folder",
)


@app.on_after_configure.connect
def create_filesystem_broker_folders(sender, source, **kwargs) -> None:
    """Create the filesystem broker's folders when the app is configured: kombu lists and writes
    them without creating them. Every process that sends or receives a task (web, worker, beat,
    a command, the tests) configures the app first; importing the settings creates nothing."""
    if not str(source.broker_url or "").startswith("filesystem://"):
        return
    options = source.broker_transport_options or {}
    for key in FILESYSTEM_BROKER_FOLDERS:
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)


def send_after_commit(task, *args) -> None:
    """Send `task` when the current transaction commits, to run in the schema that is active
    *now*. The tenant-aware app reads the schema at send time, and by commit time the caller
    may have left the municipality's context (a service called inside an outer transaction)."""
    from django.db import connection, transaction

    schema = connection.schema_name
    transaction.on_commit(lambda: task.apply_async(args, headers={"_schema_name": schema}))

"""The tenant-aware Celery application: a task sent in a municipality's schema runs there."""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fritt.settings.base")

app = CeleryApp("fritt")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

"""The daily deadline sweep: for each municipality, a task in its own schema."""

from django_tenants.utils import tenant_context

from fritt.celery_app import app
from tenants.municipalities.models import Municipality

from . import services


@app.task
def sweep_choice_deadlines() -> dict[str, int]:
    """Runs in the public schema (beat) and enters each provisioned municipality in turn."""
    assigned = {}
    for municipality in Municipality.objects.order_by("kommunenummer"):
        with tenant_context(municipality):
            assigned[municipality.schema_name] = services.run_deadline_sweep()
    return assigned

"""The daily deadline sweep: for each municipality, a task in its own schema."""

from fritt.celery_app import app
from fritt.tenancy.schemas import each_municipality

from . import services


@app.task
def sweep_choice_deadlines() -> dict[str, int]:
    """Runs in the public schema (beat) and enters each provisioned municipality in turn."""
    assigned = {}
    for municipality in each_municipality():
        assigned[municipality.schema_name] = services.run_deadline_sweep()
    return assigned

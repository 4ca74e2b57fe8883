"""The deadline sweep and the daily end of decisions past their last day: beat runs them in
the public schema, and each enters every municipality in turn."""

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


@app.task
def end_expired_decisions() -> dict[str, int]:
    """Daily (beat, public schema): in each municipality, decisions past their last day end."""
    return {
        municipality.schema_name: services.end_expired_decisions()
        for municipality in each_municipality()
    }

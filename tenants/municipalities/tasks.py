"""Tasks for operators: provisioning runs in the worker so the page answers at once."""

from fritt.celery_app import app

from .models import Municipality
from .pool import refill_spare_pool
from .provisioning import provision_municipality


@app.task
def provision_task(kommunenummer: str) -> str:
    municipality = Municipality.registry.get(kommunenummer=kommunenummer)
    return provision_municipality(municipality=municipality).domain


@app.task
def refill_spare_pool_task() -> int:
    """Migrate spare schemas ahead of the next joins (a join sends this after it commits)."""
    return refill_spare_pool()

"""Tasks for operators: provisioning runs in the worker so the page answers at once."""

from fritt.celery_app import app

from .models import Municipality
from .provisioning import provision_municipality


@app.task
def provision_task(kommunenummer: str) -> str:
    municipality = Municipality.registry.get(kommunenummer=kommunenummer)
    return provision_municipality(municipality=municipality).domain

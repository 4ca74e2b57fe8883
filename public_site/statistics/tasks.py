"""The nightly reconciliation of the statistics, one municipality at a time."""

from __future__ import annotations

from celery import shared_task

from fritt.tenancy.schemas import each_municipality

from . import rollups
from .reconcile import reconcile_current


@shared_task
def reconcile_statistics() -> dict[str, int]:
    """Recompute every municipality's facts from its schema and repair drift, then rebuild the
    monthly rollups from the repaired facts; returns the number of repaired cells per
    kommunenummer (0 when all agreed)."""
    repaired = {
        municipality.kommunenummer: len(reconcile_current()) for municipality in each_municipality()
    }
    rollups.rebuild()
    return repaired

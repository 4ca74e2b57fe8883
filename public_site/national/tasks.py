"""The national site's periodic work: tonight's dump of the open data."""

from __future__ import annotations

from celery import shared_task

from fritt.tenancy.schemas import in_public

from .open_data import write_dump


@shared_task
def dump_open_data() -> str:
    """Write the full open-data dump (JSON and CSV in one zip) to storage; returns its name."""
    with in_public():
        return write_dump()

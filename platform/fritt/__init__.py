"""Fritt brukervalg's platform package: project settings, Celery and the shared machinery."""

from .celery_app import app as celery_app

__all__ = ["celery_app"]

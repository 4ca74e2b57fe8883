"""App configuration for the event record (installed in the public and every tenant schema)."""

from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "fritt.events"
    label = "events"
    verbose_name = "Hendelser"
    default_auto_field = "django.db.models.BigAutoField"

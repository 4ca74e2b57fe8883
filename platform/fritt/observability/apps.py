"""App configuration for observability."""

from django.apps import AppConfig


class ObservabilityConfig(AppConfig):
    name = "fritt.observability"
    label = "observability"

"""App configuration for schemes."""

from django.apps import AppConfig


class SchemesConfig(AppConfig):
    name = "tenants.schemes"
    label = "schemes"
    verbose_name = "Godkjenningsordninger"

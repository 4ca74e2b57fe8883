"""App configuration for the national statistics (public schema)."""

from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "public_site.statistics"
    label = "statistics"
    verbose_name = "Statistikk"
    default_auto_field = "django.db.models.BigAutoField"

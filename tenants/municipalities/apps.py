"""App configuration for the municipality registry and tenant model."""

from django.apps import AppConfig


class MunicipalitiesConfig(AppConfig):
    name = "tenants.municipalities"
    label = "municipalities"
    verbose_name = "Kommuner"

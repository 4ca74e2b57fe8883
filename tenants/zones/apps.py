"""App configuration for zones."""

from django.apps import AppConfig


class ZonesConfig(AppConfig):
    name = "tenants.zones"
    label = "zones"
    verbose_name = "Soner"

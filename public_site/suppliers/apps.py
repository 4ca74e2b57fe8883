"""App configuration for national supplier accounts."""

from django.apps import AppConfig


class SuppliersConfig(AppConfig):
    name = "public_site.suppliers"
    label = "suppliers"
    verbose_name = "Leverandører"

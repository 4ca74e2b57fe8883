"""App configuration for the national service catalogue."""

from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "public_site.catalogue"
    label = "catalogue"
    verbose_name = "Tjenestekatalog"

"""App configuration for the municipality's site."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "tenants.portal"
    label = "portal"

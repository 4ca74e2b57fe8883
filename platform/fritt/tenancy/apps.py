"""App configuration for the tenancy plumbing."""

from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "fritt.tenancy"
    label = "tenancy"

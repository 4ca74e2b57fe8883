"""App configuration for the tenancy plumbing."""

from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "fritt.tenancy"
    label = "tenancy"

    def ready(self) -> None:
        # Registers the "smart" migration executor with django-tenants (found by codename).
        from . import migration_executor  # noqa: F401

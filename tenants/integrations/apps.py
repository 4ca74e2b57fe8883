"""App config for integrations (tenant schema: each municipality's webhooks and deliveries)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "tenants.integrations"
    label = "integrations"
    verbose_name = _("Integrasjoner")

    def ready(self) -> None:
        from . import openapi  # noqa: F401 - registers the document's security schemes

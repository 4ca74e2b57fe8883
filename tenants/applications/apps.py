"""App config for applications, review and approvals (tenant schema)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "tenants.applications"
    label = "applications"
    verbose_name = _("Søknader og godkjenninger")

"""App config for settlement (tenant schema; delivered service is health-related data)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SettlementConfig(AppConfig):
    name = "tenants.settlement"
    label = "settlement"
    verbose_name = _("Leveranser og oppgjør")

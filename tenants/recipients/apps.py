"""App config for recipients (tenant schema; health data)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecipientsConfig(AppConfig):
    name = "tenants.recipients"
    label = "recipients"
    verbose_name = _("Tjenestemottakere")

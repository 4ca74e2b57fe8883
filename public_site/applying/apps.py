"""App config for apply-once (public schema)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplyingConfig(AppConfig):
    name = "public_site.applying"
    label = "applying"
    verbose_name = _("Søk én gang")

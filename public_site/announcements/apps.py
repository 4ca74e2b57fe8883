"""App configuration for national announcements."""

from django.apps import AppConfig


class AnnouncementsConfig(AppConfig):
    name = "public_site.announcements"
    label = "announcements"
    verbose_name = "Kunngjøringer"

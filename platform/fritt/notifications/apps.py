"""App configuration for notifications (installed in the public and every tenant schema)."""

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "fritt.notifications"
    label = "notifications"
    verbose_name = "Varsler"

"""App configuration for the shared web layer."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "fritt.web"
    label = "web"

"""App configuration for developer tooling (demo data and setup commands)."""

from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    name = "fritt.devtools"
    label = "devtools"

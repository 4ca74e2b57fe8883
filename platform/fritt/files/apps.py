"""App configuration for per-municipality file storage."""

from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "fritt.files"
    label = "files"

"""App configuration for the national site."""

from django.apps import AppConfig


class NationalConfig(AppConfig):
    name = "public_site.national"
    label = "national"

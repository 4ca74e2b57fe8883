"""App configuration for accounts and roles."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "fritt.accounts"
    label = "accounts"
    verbose_name = "Brukere og roller"

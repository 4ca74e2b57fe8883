"""App configuration for billing (public schema)."""

from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "public_site.billing"
    label = "billing"

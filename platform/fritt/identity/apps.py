"""The identity app: OIDC client, external identities, provider sessions."""

from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "fritt.identity"
    label = "identity"
    default_auto_field = "django.db.models.BigAutoField"

"""App configuration for observability."""

from django.apps import AppConfig


class ObservabilityConfig(AppConfig):
    name = "fritt.observability"
    label = "observability"

    def ready(self) -> None:
        # Started when Django starts (web, worker, beat, commands), not when the settings are
        # imported: importing a settings module must have no side effects.
        from django.conf import settings

        if settings.SENTRY_DSN:
            from .sentry import init_sentry

            init_sentry(dsn=settings.SENTRY_DSN, environment=settings.FRITT_ENV)

"""Observability: Sentry with scrubbing of personal data, health checks, worker heartbeat."""

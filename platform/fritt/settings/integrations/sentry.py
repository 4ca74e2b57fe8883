"""Sentry error reports: off until SENTRY_DSN is set. Started by fritt.observability's app
config when Django starts, never on import (see fritt.observability.sentry for the scrubbing)."""

from ..env import env_str

SENTRY_DSN = env_str("SENTRY_DSN")

"""Small helpers to read typed settings from the environment."""

from __future__ import annotations

import os
from urllib.parse import parse_qs, unquote, urlsplit


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def refuse_another_environment(name: str) -> None:
    """Stop when FRITT_ENV names another environment than the settings module in use.

    FRITT_ENV used to choose the environment; DJANGO_SETTINGS_MODULE does now. A deployment
    that still says FRITT_ENV=production must not start on local settings because its
    DJANGO_SETTINGS_MODULE was left out or points elsewhere.
    """
    chosen = os.environ.get("FRITT_ENV", "").strip()
    if chosen and chosen != name:
        raise RuntimeError(
            f"FRITT_ENV={chosen}, but DJANGO_SETTINGS_MODULE loads fritt.settings.{name}: set "
            f"DJANGO_SETTINGS_MODULE=fritt.settings.{chosen} (FRITT_ENV is only checked, "
            "never used to choose)"
        )


def database_from_url(url: str) -> dict[str, object]:
    """Parse postgres://user:pass@host:port/name?host=/socket/dir into Django's DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ValueError(f"DATABASE_URL must be a postgres:// URL, not {parts.scheme}://")
    query = parse_qs(parts.query)
    host = query.get("host", [parts.hostname or ""])[0]
    return {
        "ENGINE": "django_tenants.postgresql_backend",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": host,
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 0,
        "OPTIONS": {"sslmode": query["sslmode"][0]} if "sslmode" in query else {},
    }

"""Template context shared by the national site and every municipality's site."""

from __future__ import annotations

from django.conf import settings


def national_url(path: str = "/") -> str:
    port = f":{settings.SITE_PORT}" if settings.SITE_PORT else ""
    return f"{settings.SITE_SCHEME}://{settings.BASE_DOMAIN}{port}{path}"


def municipality_url(slug: str, path: str = "/") -> str:
    port = f":{settings.SITE_PORT}" if settings.SITE_PORT else ""
    return f"{settings.SITE_SCHEME}://{slug}.{settings.BASE_DOMAIN}{port}{path}"


def site(request) -> dict[str, object]:
    municipality = getattr(request, "tenant", None)
    return {
        "municipality": municipality,
        "national_url": national_url(),
        "site_name": municipality.display_name if municipality else "Fritt brukervalg",
    }

"""Template context shared by the national site and every municipality's site."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import DisallowedHost


def _origin(request=None) -> tuple[str, str]:
    """Scheme and ':port' for links: the current request's if there is one, else the settings'.

    Links made during a request keep its port (a test server, a non-standard port); links in
    e-mails, made by the worker, use the configured public port.
    """
    if request is not None:
        try:
            host = request.get_host()
        except DisallowedHost:
            return _origin()
        port = host.rsplit(":", 1)[1] if ":" in host else ""
        return request.scheme, f":{port}" if port else ""
    return settings.SITE_SCHEME, f":{settings.SITE_PORT}" if settings.SITE_PORT else ""


def national_url(path: str = "/", request=None) -> str:
    scheme, port = _origin(request)
    return f"{scheme}://{settings.BASE_DOMAIN}{port}{path}"


def municipality_url(slug: str, path: str = "/", request=None) -> str:
    scheme, port = _origin(request)
    return f"{scheme}://{slug}.{settings.BASE_DOMAIN}{port}{path}"


def site(request) -> dict[str, object]:
    municipality = getattr(request, "tenant", None)
    return {
        "municipality": municipality,
        "national_url": national_url(request=request),
        "site_name": municipality.display_name if municipality else "Fritt brukervalg",
    }

"""Template context shared by the national site and every municipality's site."""

from __future__ import annotations

from django.conf import settings

from .language import handover_query, with_language


def _origin() -> tuple[str, str]:
    """Scheme and ':port' for links, always from the settings.

    Never from the request: its Host header is the client's to choose, and a port taken from
    it ended up in links on pages and in mails (bergen.<domain>:6666).
    """
    return settings.SITE_SCHEME, f":{settings.SITE_PORT}" if settings.SITE_PORT else ""


# `request` is still accepted so callers need not change; the origin never depends on it.
def national_url(path: str = "/", request=None) -> str:
    scheme, port = _origin()
    return f"{scheme}://{settings.BASE_DOMAIN}{port}{path}"


def municipality_url(slug: str, path: str = "/", request=None) -> str:
    """The municipality's site; from a page (`request`), with the visitor's language handed
    over. Mails pass no request: their reader's language is not the sender's."""
    scheme, port = _origin()
    return with_language(f"{scheme}://{slug}.{settings.BASE_DOMAIN}{port}{path}", request)


def _staff_here(request, municipality) -> bool:
    """Whether the page's user works in this municipality (the "For ansatte" link is theirs)."""
    user = getattr(request, "user", None)
    if municipality is None or user is None or not user.is_authenticated:
        return False
    from fritt.accounts.selectors import roles_in_municipality

    return bool(roles_in_municipality(user=user, municipality=municipality))


def site(request) -> dict[str, object]:
    municipality = getattr(request, "tenant", None)
    return {
        "municipality": municipality,
        "staff_here": _staff_here(request, municipality),
        "national_url": national_url(request=request),
        # Appended to links to another of the platform's sites: `?lang=nn`, or nothing.
        "lang_query": handover_query(request),
        "site_name": municipality.display_name if municipality else "Fritt brukervalg",
        "OPEN_DATA_LICENCE": settings.OPEN_DATA_LICENCE,
    }

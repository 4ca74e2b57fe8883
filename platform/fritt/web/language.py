"""The visitor's language: their own choice (the language cookie, or `?lang=` handed over by a
link from another of the platform's sites), bokmål otherwise; never the browser's preference."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.utils import translation

HANDOVER_PARAMETER = "lang"


def _known(code: str | None) -> str | None:
    return code if code in dict(settings.LANGUAGES) else None


def handed_over(request) -> str | None:
    """A language named by the link the visitor followed (`?lang=nn`), if it is one of ours."""
    return _known(request.GET.get(HANDOVER_PARAMETER))


def explicit_choice(request) -> str | None:
    """The language the visitor chose: handed over by the link, or kept in the cookie."""
    return handed_over(request) or _known(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))


def chosen_language(request) -> str:
    return explicit_choice(request) or settings.LANGUAGE_CODE


def handover_query(request) -> str:
    """`?lang=<code>` for a link to another of our sites, so the choice follows the visitor.

    A cookie on the parent domain does the same where the browser allows it
    (LANGUAGE_COOKIE_DOMAIN); browsers keep a cookie set by `localhost` to that host, so the
    link carries the choice as well. Empty when the visitor has chosen nothing.
    """
    if request is None or explicit_choice(request) is None:
        return ""
    return "?" + urlencode({HANDOVER_PARAMETER: translation.get_language()})


def with_language(url: str, request) -> str:
    """`url` with the visitor's language handed over (for links to a municipality's site)."""
    query = handover_query(request)
    if not query:
        return url
    return url + ("&" + query[1:] if "?" in url else query)


def remember(request, response) -> None:
    """Keep a handed-over language in this site's cookie, as Django's set_language would."""
    language = handed_over(request)
    if language and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )

"""Request middleware: host port, language (bokmål unless the visitor chose another), a 400
for NUL bytes in any request, and the CSP header."""

from __future__ import annotations

from django.conf import settings
from django.http.multipartparser import MultiPartParserError
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _

from .input import BadInput, has_nul


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but the browser's Accept-Language is not followed on
    pages: a Norwegian public service speaks bokmål first, and nynorsk or English when asked
    for. The API (`/api/`) follows Accept-Language."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        if not chosen and request.path_info.startswith("/api/"):
            # A system has no cookie to choose with: the API follows Accept-Language (its
            # problem details' title and detail; the code stays the same).
            language = translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class RefuseNulBytesMiddleware:
    """A NUL byte in the path, the query or a submitted form is a 400 before any view runs.

    PostgreSQL text cannot hold \\x00, so no real input is lost, and every filter, search and
    saved search that hands such a value to the database would otherwise fail with a 500.
    JSON bodies are left to the API's serializers, whose text fields refuse NUL themselves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            raise BadInput(
                _("Forespørselen inneholder et ugyldig tegn (NUL)."), code="nul_character"
            )
        return self.get_response(request)

    @staticmethod
    def _has_nul(request) -> bool:
        if has_nul(request.path_info) or has_nul(request.META.get("QUERY_STRING", "")):
            return True
        if any(has_nul(k) or any(has_nul(v) for v in vs) for k, vs in request.GET.lists()):
            return True
        if request.method == "POST":
            try:
                form = request.POST
            except MultiPartParserError:
                raise BadInput(
                    _("Skjemaet kunne ikke leses. Prøv å sende det på nytt."), code="bad_form"
                ) from None
            return any(has_nul(k) or any(has_nul(v) for v in vs) for k, vs in form.lists())
        return False


class ContentSecurityPolicyMiddleware:
    """Sends settings.CONTENT_SECURITY_POLICY on every response that has none of its own.

    The pages carry no inline scripts or styles (Swagger UI's start-up script is a file of its
    own), so the policy allows only this origin's files.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = "; ".join(
            f"{directive} {' '.join(sources)}".strip()
            for directive, sources in settings.CONTENT_SECURITY_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


class ConfiguredPortMiddleware:
    """Replaces the port in the Host header with the configured public port (SITE_PORT).

    ALLOWED_HOSTS and the routing look at the host name only, so a client could send
    `bergen.<domain>:6666` and every absolute link Django builds from the request
    (build_absolute_uri: API pagination, the Atom feed, redirects) carried that port.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        port = f":{settings.SITE_PORT}" if settings.SITE_PORT else ""
        host = request.META.get("HTTP_HOST")
        if host:
            if host.startswith("["):  # an IPv6 literal: the port follows the bracket
                name = host[: host.find("]") + 1] if "]" in host else host
            else:
                name = host.split(":", 1)[0]
            request.META["HTTP_HOST"] = name + port
        return self.get_response(request)

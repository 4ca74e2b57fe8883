"""Host port, language (bokmål unless the visitor chose another) and the CSP header."""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but the browser's Accept-Language is not followed: a
    Norwegian public service speaks bokmål first, and nynorsk or English when asked for."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


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

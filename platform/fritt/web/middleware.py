"""Request middleware: the visitor's language, and a 400 for NUL bytes in any request."""

from __future__ import annotations

from django.conf import settings
from django.http.multipartparser import MultiPartParserError
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _

from .input import BadInput, has_nul


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but the browser's Accept-Language is not followed: a
    Norwegian public service speaks bokmål first, and nynorsk or English when asked for."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
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

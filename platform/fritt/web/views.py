"""Error pages in Norwegian for both kinds of site."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from fritt.accounts.access import public_page

from .input import BadInput


@public_page
def bad_request(request, exception=None):
    """A 400 that says what was wrong when we know (`BadInput`); a JSON problem (RFC 9457)
    under /api/, a page elsewhere. Django's own 400s (a bad host, a broken form) say less."""
    if isinstance(exception, BadInput):
        message, code = exception.message, exception.code
    else:
        message, code = _("Forespørselen kunne ikke behandles."), "bad_request"
    if request.path_info.startswith("/api/"):
        return JsonResponse(
            {"title": _("Ugyldig forespørsel"), "status": 400, "detail": message, "code": code},
            status=400,
            content_type="application/problem+json",
        )
    return render(request, "web/400.html", {"message": message}, status=400)


@public_page
def not_found(request, exception=None):
    """A page, or under /api/ the problem shape every API answer has (a path no operation
    matches, such as a negative id)."""
    if request.path_info.startswith("/api/"):
        return JsonResponse(
            {"title": _("Finnes ikke"), "status": 404, "detail": _("Finnes ikke"),
             "code": "not_found"},
            status=404,
            content_type="application/problem+json",
        )  # fmt: skip
    return render(request, "web/404.html", status=404)


@public_page
def server_error(request):
    return render(request, "web/500.html", status=500)

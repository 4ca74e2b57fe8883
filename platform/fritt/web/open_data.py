"""The open API and feed on the national host: CORS for any web page, and ETag/304 for polling."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, set_response_etag

_CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Content-Disposition",
}
_PREFLIGHT = {
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Accept-Language, If-None-Match",
    "Access-Control-Max-Age": "86400",
}


class OpenDataMiddleware:
    """For `OPEN_DATA_PATHS` on the national host only (never a municipality's API, which has
    credentials and personal data): any origin may read (GET, no credentials, so a browser never
    sends a cookie along), and a repeated GET whose answer has not changed is a 304 by ETag."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(request, "tenant", None) is not None or not request.path_info.startswith(
            settings.OPEN_DATA_PATHS
        ):
            return self.get_response(request)
        if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
            response = HttpResponse(status=204)
            for name, value in _PREFLIGHT.items():
                response[name] = value
        else:
            response = self.get_response(request)
            if (
                request.method in ("GET", "HEAD")
                and response.status_code == 200
                and not response.streaming
            ):
                if not response.has_header("ETag"):
                    set_response_etag(response)
                response = get_conditional_response(
                    request, etag=response["ETag"], response=response
                )
        for name, value in _CORS.items():
            response[name] = value
        return response

"""Every API path for the one OpenAPI document: the national open-data API and the
municipality API (served on each municipality's own host, `<slug>.localhost`)."""

from django.urls import URLPattern, URLResolver

from fritt import urls_public
from tenants.recipients.urls import api_urlpatterns


def _api(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    return [p for p in patterns if str(p.pattern).startswith("api/v1/")]


urlpatterns = _api(urls_public.urlpatterns) + api_urlpatterns

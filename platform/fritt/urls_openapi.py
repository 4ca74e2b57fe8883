"""Every API path for the one OpenAPI document: the national open-data API and the
municipality API (served on each municipality's own host, `<slug>.localhost`)."""

from django.urls import include, path

urlpatterns = [
    path("", include("public_site.national.api_urls")),
    path("", include("public_site.announcements.api_urls")),
    path("", include("public_site.statistics.api_urls")),
    path("", include("tenants.recipients.api_urls")),
    path("", include("tenants.integrations.api_urls")),
    path("", include("tenants.settlement.api_urls")),
]

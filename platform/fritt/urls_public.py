"""URLs of the national site (public schema)."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from fritt.observability.health import healthz

urlpatterns = [
    path("", include("public_site.national.urls")),
    path("", include("public_site.statistics.urls")),
    path("", include("public_site.announcements.urls")),
    path("", include("public_site.suppliers.urls")),
    path("", include("public_site.applying.urls")),
    path("", include("public_site.billing.urls")),
    path("", include("fritt.accounts.urls")),
    path("", include("fritt.identity.urls")),
    path("", include("fritt.web.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", healthz, name="healthz"),
    path("", include("public_site.national.api_urls")),
    path("", include("public_site.announcements.api_urls")),
    path("", include("public_site.statistics.api_urls")),
    path(
        "api/schema/", SpectacularAPIView.as_view(urlconf="fritt.urls_openapi"), name="api-schema"
    ),
    # The split view serves its start-up script as a file of its own (?script), so the
    # Content-Security-Policy needs no inline scripts.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="web/swagger_ui.html"
        ),
        name="api-docs",
    ),
    path("admin/", admin.site.urls),
]

handler400 = "fritt.web.views.bad_request"
handler403 = "fritt.web.views.permission_denied"
handler404 = "fritt.web.views.not_found"
handler500 = "fritt.web.views.server_error"

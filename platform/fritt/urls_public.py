"""URLs of the national site (public schema)."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from fritt.accounts.views import my_page
from fritt.observability.health import healthz
from public_site.announcements import api as announcement_api
from public_site.national import api, views

national = (
    [
        path("", views.home, name="home"),
        path("kommuner/", views.municipalities, name="municipalities"),
        path("tjenester/", views.services, name="services"),
        path("drift/", views.operator_dashboard, name="operator"),
        path(
            "drift/klargjor/<str:kommunenummer>/",
            views.operator_provision,
            name="operator_provision",
        ),
        path(
            "drift/leverandorer/<int:pk>/<slug:action>/",
            views.operator_claim,
            name="operator_claim",
        ),
        path("statistikk/", views.statistics, name="statistics"),
        path("min-side/", my_page, name="my_page"),
    ],
    "national",
)

urlpatterns = [
    path("", include(national)),
    path("", include("public_site.announcements.urls")),
    path("", include("public_site.suppliers.urls")),
    path("", include("public_site.applying.urls")),
    path("", include("fritt.accounts.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", healthz, name="healthz"),
    path("api/v1/kommuner/", api.MunicipalityList.as_view(), name="api-municipalities"),
    path(
        "api/v1/kommuner/<str:kommunenummer>/",
        api.MunicipalityDetail.as_view(),
        name="api-municipality",
    ),
    path(
        "api/v1/kunngjoringer/",
        announcement_api.AnnouncementList.as_view(),
        name="api-announcements",
    ),
    path(
        "api/v1/kunngjoringer/<int:pk>/",
        announcement_api.AnnouncementDetail.as_view(),
        name="api-announcement",
    ),
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
handler404 = "fritt.web.views.not_found"
handler500 = "fritt.web.views.server_error"

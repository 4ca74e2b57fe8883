"""URLs of a municipality's site (its own schema)."""

from django.urls import include, path
from django.views.i18n import set_language

from fritt.accounts.access import public_page
from fritt.observability.health import healthz

urlpatterns = [
    path("", include("tenants.portal.urls")),
    path("", include("tenants.schemes.urls")),
    path("", include("tenants.applications.urls")),
    path("", include("tenants.recipients.urls")),
    path("", include("tenants.integrations.urls")),
    path("", include("public_site.billing.tenant_urls")),
    path("", include("tenants.settlement.urls")),
    path("", include("fritt.accounts.urls")),
    path("", include("fritt.identity.urls")),
    path("", include("fritt.web.urls")),
    path("i18n/setlang/", public_page(set_language), name="set_language"),
    path("healthz", healthz, name="healthz"),
]

handler400 = "fritt.web.views.bad_request"
handler403 = "fritt.web.views.permission_denied"
handler404 = "fritt.web.views.not_found"
handler500 = "fritt.web.views.server_error"

"""The open-data API of the municipality registry (/api/v1/kommuner/), without a namespace so
the names stay what clients and the OpenAPI document know."""

from django.urls import path

from . import api

urlpatterns = [
    path("api/v1/kommuner/", api.MunicipalityList.as_view(), name="api-municipalities"),
    path(
        "api/v1/kommuner/<str:kommunenummer>/",
        api.MunicipalityDetail.as_view(),
        name="api-municipality",
    ),
]

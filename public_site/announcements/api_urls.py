"""The open-data API of the announcements (/api/v1/kunngjoringer/), without a namespace."""

from django.urls import path

from . import api

urlpatterns = [
    path("api/v1/kunngjoringer/", api.AnnouncementList.as_view(), name="api-announcements"),
    path(
        "api/v1/kunngjoringer/<int:pk>/", api.AnnouncementDetail.as_view(), name="api-announcement"
    ),
    path("api/v1/leverandorer/", api.SupplierRegister.as_view(), name="api-supplier-register"),
]

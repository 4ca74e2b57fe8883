"""The statistics open-data API, without a namespace like the rest of /api/v1/."""

from django.urls import path

from . import api

urlpatterns = [
    path("api/v1/statistikk/", api.StatisticsView.as_view(), name="api-statistics"),
]

"""The statistics pages on the national site: the analyst's dashboard and the public figures."""

from django.urls import path

from . import views

app_name = "statistics"

urlpatterns = [
    path("statistikk/", views.dashboard, name="dashboard"),
    path("statistikk/eksport/", views.export, name="export"),
    path("tall/", views.public, name="public"),
    path("tall/eksport/", views.public_export, name="public_export"),
]

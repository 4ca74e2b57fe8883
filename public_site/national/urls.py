"""The national site's own pages: home, municipalities, services, operations."""

from django.urls import path

from fritt.accounts.views import my_page

from . import views

app_name = "national"

urlpatterns = [
    path("", views.home, name="home"),
    path("kommuner/", views.municipalities, name="municipalities"),
    path("tjenester/", views.services, name="services"),
    path("apne-data/", views.open_data, name="open_data"),
    path("apne-data/fritt-brukervalg.zip", views.open_data_dump, name="open_data_dump"),
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
    path("min-side/", my_page, name="my_page"),
]

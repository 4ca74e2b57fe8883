"""URLs of apply-once on the national site."""

from django.urls import path

from . import views

app_name = "applying"

urlpatterns = [
    path("leverandor/<int:pk>/sok/", views.choose, name="choose"),
    path("leverandor/<int:pk>/sok/skjema/", views.apply, name="apply"),
    path("leverandor/<int:pk>/soknader/", views.status, name="status"),
    path("leverandor/<int:pk>/soknader/<int:part_pk>/", views.part_detail, name="part"),
    path(
        "leverandor/<int:pk>/soknader/<int:part_pk>/kontrakt.pdf",
        views.contract,
        name="contract",
    ),
    path(
        "leverandor/<int:pk>/soknader/<int:part_pk>/vedtak.pdf",
        views.decision_letter,
        name="letter",
    ),
    path(
        "leverandor/<int:pk>/soknader/<int:part_pk>/<slug:action>/",
        views.part_action,
        name="part_action",
    ),
    path("leverandor/lagrede-sok/", views.saved_search_list, name="saved_searches"),
    path(
        "leverandor/lagrede-sok/<int:search_pk>/slett/",
        views.saved_search_delete,
        name="delete_saved_search",
    ),
]

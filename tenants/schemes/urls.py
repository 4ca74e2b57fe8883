"""URLs for schemes on a municipality's site."""

from django.urls import path

from . import views

app_name = "schemes"

urlpatterns = [
    path("ordninger/", views.public_list, name="public_list"),
    path("ordninger/<int:pk>/", views.public_detail, name="public_detail"),
    path("ansatt/ordninger/", views.staff_list, name="staff_list"),
    path("ansatt/ordninger/ny/", views.staff_create, name="staff_create"),
    path("ansatt/ordninger/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("ansatt/ordninger/<int:pk>/rediger/", views.staff_edit, name="staff_edit"),
    path(
        "ansatt/ordninger/<int:pk>/status/<slug:action>/",
        views.staff_transition,
        name="staff_transition",
    ),
    path("ansatt/ordninger/<int:pk>/vilkar/", views.staff_add_condition, name="add_condition"),
    path(
        "ansatt/ordninger/<int:pk>/vilkar/<int:condition_pk>/slett/",
        views.staff_remove_condition,
        name="remove_condition",
    ),
    path("ansatt/ordninger/<int:pk>/satser/", views.staff_add_rate, name="add_rate"),
    path(
        "ansatt/ordninger/<int:pk>/satser/<int:rate_pk>/slett/",
        views.staff_remove_rate,
        name="remove_rate",
    ),
    path("ansatt/ordninger/<int:pk>/soner/", views.staff_zones, name="zones"),
    path("ansatt/ordninger/<int:pk>/deltakere/", views.staff_participants, name="participants"),
    path("ansatt/samarbeid/", views.joint_invitations, name="joint_invitations"),
    path("ansatt/samarbeid/<int:pk>/<slug:answer>/", views.joint_answer, name="joint_answer"),
]

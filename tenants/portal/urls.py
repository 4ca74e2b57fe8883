"""URLs of a municipality's site."""

from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("ansatt/", views.staff_dashboard, name="dashboard"),
    path("ansatt/brukere/", views.staff, name="staff"),
    path("ansatt/brukere/<int:assignment_pk>/rolle/", views.change_role, name="change_role"),
    path("ansatt/brukere/<int:assignment_pk>/fjern/", views.remove_role, name="remove_role"),
]

"""URLs of billing on the national site: joining and the operator's decisions."""

from django.urls import path

from . import views

app_name = "billing"

urlpatterns = [
    path("bli-med/", views.join, name="join"),
    path("bli-med/sendt/", views.join_sent, name="join_sent"),
    path("stripe/webhook/", views.stripe_webhook, name="stripe_webhook"),
    path("drift/innmeldinger/<int:pk>/<slug:action>/", views.operator_join, name="operator_join"),
]

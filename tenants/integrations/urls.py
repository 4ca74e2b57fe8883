"""The integration pages on a municipality's site (staff area) and its API routes."""

from django.urls import path

from . import views
from .api_urls import urlpatterns as api_urlpatterns

app_name = "integrations"

urlpatterns = [
    path("ansatt/integrasjoner/", views.webhooks, name="webhooks"),
    path("ansatt/integrasjoner/<int:pk>/", views.webhook_detail, name="webhook"),
    path("ansatt/integrasjoner/<int:pk>/slaa-av/", views.deactivate, name="deactivate"),
    path("ansatt/integrasjoner/systemer/", views.create_client, name="create_client"),
    path(
        "ansatt/integrasjoner/systemer/<int:pk>/ny-hemmelighet/",
        views.rotate_client,
        name="rotate_client",
    ),
    path(
        "ansatt/integrasjoner/systemer/<int:pk>/trekk-tilbake/",
        views.revoke_client,
        name="revoke_client",
    ),
    path("ansatt/integrasjoner/leveringer/<int:pk>/send-igjen/", views.replay, name="replay"),
]

urlpatterns += api_urlpatterns

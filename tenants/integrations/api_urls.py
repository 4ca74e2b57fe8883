"""The event feed and webhook API on a municipality's site, listed by the OpenAPI document."""

from django.urls import path

from . import api

urlpatterns = [
    path("api/v1/token/", api.TokenEndpoint.as_view(), name="api-token"),
    path("api/v1/hendelser/", api.EventFeed.as_view(), name="api-events"),
    path("api/v1/webhooker/", api.WebhookListCreate.as_view(), name="api-webhooks"),
    path("api/v1/webhooker/<int:pk>/", api.WebhookDetail.as_view(), name="api-webhook"),
]

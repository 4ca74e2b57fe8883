"""The event feed and webhook API on a municipality's site, listed by the OpenAPI document."""

from django.urls import path

from . import api, reference

urlpatterns = [
    path("api/v1/token/", api.TokenEndpoint.as_view(), name="api-token"),
    path("api/v1/hendelser/", api.EventFeed.as_view(), name="api-events"),
    path("api/v1/webhooker/", api.WebhookListCreate.as_view(), name="api-webhooks"),
    path("api/v1/webhooker/<int:pk>/", api.WebhookDetail.as_view(), name="api-webhook"),
    path("api/v1/tjenester/", reference.ServiceTypes.as_view(), name="api-service-types"),
    path("api/v1/soner/", reference.Zones.as_view(), name="api-zones"),
    path("api/v1/ordninger/", reference.Schemes.as_view(), name="api-schemes"),
    path("api/v1/satser/", reference.Rates.as_view(), name="api-rates"),
]

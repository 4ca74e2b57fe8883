"""The suppliers' API for delivered service on a municipality's site, also in the OpenAPI
document."""

from django.urls import path

from . import api

urlpatterns = [
    path("api/v1/leveranser/", api.Deliveries.as_view(), name="api-deliveries"),
    path("api/v1/leveranser/oppdrag/", api.AssignmentList.as_view(), name="api-assignments"),
]

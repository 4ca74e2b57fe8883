"""URLs of the review pages on a municipality's site."""

from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("ansatt/soknader/", views.inbox, name="inbox"),
    path("ansatt/soknader/<int:pk>/", views.application_detail, name="detail"),
    path(
        "ansatt/soknader/<int:pk>/dokumenter/<int:document_pk>/",
        views.attached_document,
        name="document",
    ),
    path("ansatt/soknader/<int:pk>/vurdering/", views.assess, name="assess"),
    path("ansatt/soknader/<int:pk>/vedtak.pdf", views.decision_letter, name="letter"),
    path("ansatt/soknader/<int:pk>/<slug:action>/", views.application_action, name="action"),
    path("ansatt/godkjenninger/", views.approval_list, name="approvals"),
    path("ansatt/godkjenninger/<int:pk>/", views.approval_detail, name="approval"),
    path("ansatt/godkjenninger/<int:pk>/kontrakt.pdf", views.contract, name="contract"),
    path(
        "ansatt/godkjenninger/<int:pk>/<slug:action>/",
        views.approval_action,
        name="approval_action",
    ),
]

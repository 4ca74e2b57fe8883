"""URLs of the supplier pages on the national site."""

from django.urls import path

from . import views

app_name = "suppliers"

urlpatterns = [
    path("leverandor/", views.dashboard, name="dashboard"),
    path("leverandor/registrer/", views.register, name="register"),
    path("leverandor/registrer/sendt/", views.register_sent, name="register_sent"),
    path(
        "leverandor/registrer/fullfor/<uidb64>/<token>/",
        views.finish_registration,
        name="finish_registration",
    ),
    path("leverandor/<int:pk>/kolleger/", views.colleagues_page, name="colleagues"),
    path(
        "leverandor/<int:pk>/kolleger/<int:assignment_pk>/fjern/",
        views.remove_colleague,
        name="remove_colleague",
    ),
    path("leverandor/<int:pk>/dokumenter/", views.documents_page, name="documents"),
    path(
        "leverandor/<int:pk>/dokumenter/<int:document_pk>/last-ned/",
        views.download_document,
        name="download",
    ),
    path(
        "leverandor/<int:pk>/dokumenter/<int:document_pk>/slett/",
        views.delete_document,
        name="delete_document",
    ),
]

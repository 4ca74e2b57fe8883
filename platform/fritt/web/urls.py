"""Pages every site of the platform has: the accessibility statement and the privacy notice."""

from django.urls import path

from . import about

app_name = "web"

urlpatterns = [
    path("tilgjengelighet/", about.accessibility_statement, name="accessibility"),
    path("personvern/", about.privacy_notice, name="privacy"),
]

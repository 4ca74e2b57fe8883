"""National login URLs, on the national site and every municipality's site."""

from django.urls import path

from . import views

app_name = "identity"

urlpatterns = [
    path("innlogging/callback/", views.callback, name="callback"),
    path("innlogging/frontkanal-utlogging/", views.frontchannel_logout, name="frontchannel_logout"),
    path("konto/totp/", views.second_factor, name="totp"),
    path("innlogging/<slug:provider>/", views.start, name="start"),
]

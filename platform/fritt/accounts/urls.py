"""Account URLs, mounted on both the national site and every municipality's site."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("logg-inn/", views.LoginView.as_view(), name="login"),
    path("logg-ut/", views.LogoutView.as_view(), name="logout"),
    path(
        "konto/passord/<uidb64>/<token>/",
        views.SetPasswordView.as_view(),
        name="set_password",
    ),
    path(
        "konto/invitasjon/<uidb64>/<token>/",
        views.accept_invitation,
        name="accept_invitation",
    ),
    path("konto/passord/ferdig/", views.SetPasswordDoneView.as_view(), name="password_done"),
]

"""Login, logout, setting a password from the welcome mail, and a user's own page."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse_lazy

from .access import public_page
from .forms import LoginForm
from .selectors import assignments_of, landing_path


@public_page
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return landing_path(
            user=self.request.user, municipality=getattr(self.request, "tenant", None)
        )


@public_page
class LogoutView(auth_views.LogoutView):
    next_page = "/"


@public_page
class SetPasswordView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("accounts:password_done")
    post_reset_login = True


@public_page
class SetPasswordDoneView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/set_password_done.html"


@login_required
def my_page(request):
    return render(request, "accounts/my_page.html", {"assignments": assignments_of(request.user)})

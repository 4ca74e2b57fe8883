"""Login, logout, setting a password from the welcome mail, and a user's own page."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode

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

    def get_context_data(self, **kwargs):
        from fritt.identity import client

        context = super().get_context_data(**kwargs)
        context["local_login"] = settings.LOCAL_LOGIN_ENABLED
        context["idporten"] = client.enabled("idporten")
        context["ansattporten"] = client.enabled("ansattporten")
        return context

    def form_valid(self, form):
        import time

        from fritt.identity.services import SESSION_LOGIN_AT, needs_second_factor
        from fritt.identity.views import start_second_factor

        user = form.get_user()
        if needs_second_factor(user):
            return start_second_factor(self.request, user=user, next_path=self.get_redirect_url())
        response = super().form_valid(form)
        self.request.session[SESSION_LOGIN_AT] = time.time()
        return response

    def post(self, request, *args, **kwargs):
        # The operator's switch: with local logins off, no password is even checked.
        if not settings.LOCAL_LOGIN_ENABLED:
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)


@public_page
class LogoutView(auth_views.LogoutView):
    """Ends our session, then the provider's (RP-initiated logout) if the login came from it."""

    next_page = "/"

    def post(self, request, *args, **kwargs):
        from fritt.identity import client
        from fritt.identity.services import SESSION_PROVIDER

        provider = request.session.get(SESSION_PROVIDER)
        response = super().post(request, *args, **kwargs)
        if provider:
            url = client.end_session_url(
                provider=provider, post_logout_redirect_uri=request.build_absolute_uri("/")
            )
            if url:
                return HttpResponseRedirect(url)
        return response


@public_page
def accept_invitation(request, uidb64: str, token: str):
    """The welcome mail's Ansattporten link: the next Ansattporten login binds the person to
    the invited account (the token is Django's one-time password token)."""
    from fritt.identity.views import BIND_SESSION_KEY, failed

    from .errors import AccountError

    try:
        user = get_user_model().objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))))
    except (ValueError, TypeError, OverflowError, get_user_model().DoesNotExist):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        return failed(request, AccountError.INVITATION_LINK, status=400)
    request.session[BIND_SESSION_KEY] = user.pk
    return redirect("identity:start", provider="ansattporten")


@public_page
class SetPasswordView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("accounts:password_done")
    post_reset_login = True
    post_reset_login_backend = "fritt.accounts.backends.LockoutModelBackend"

    def form_valid(self, form):
        from fritt.identity.services import needs_second_factor

        # A role with health data logs in through the code step, never straight from a link.
        self.post_reset_login = not needs_second_factor(self.user)
        return super().form_valid(form)


@public_page
class SetPasswordDoneView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/set_password_done.html"


@login_required
def my_page(request):
    return render(request, "accounts/my_page.html", {"assignments": assignments_of(request.user)})

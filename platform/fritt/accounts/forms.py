"""Forms for logging in (with the lockout's message) and inviting colleagues."""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .backends import client_ip
from .roles import MUNICIPAL_ROLES, Role
from .selectors import login_locked


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-post"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _("Feil e-post eller passord. Prøv igjen."),
        "inactive": _("Kontoen er deaktivert."),
        # The same words whether the e-mail has an account or not, and for a paused address.
        "locked_out": _(
            "For mange mislykkede innlogginger. Av sikkerhetshensyn kan du ikke logge inn på "
            "%(minutes)s minutter. Prøv igjen senere."
        ),
    }

    def clean(self):
        try:
            self._refuse_if_locked()
            return super().clean()
        except ValidationError as exc:
            if exc.code == "invalid_login":
                # The failure that reached the limit says so at once.
                self._refuse_if_locked()
            raise

    def _refuse_if_locked(self) -> None:
        email = self.cleaned_data.get("username") or ""
        if login_locked(email=email, ip=client_ip(self.request)):
            raise ValidationError(
                self.error_messages["locked_out"],
                code="locked_out",
                params={"minutes": settings.LOGIN_LOCKOUT_SECONDS // 60},
            )


class ChangeRoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Ny rolle"),
        choices=[(r.value, r.label) for r in Role if r in MUNICIPAL_ROLES],
    )


class FirstAdminForm(forms.Form):
    full_name = forms.CharField(label=_("Fullt navn"), max_length=200)
    email = forms.EmailField(label=_("E-post"))


class InviteStaffForm(forms.Form):
    full_name = forms.CharField(label=_("Fullt navn"), max_length=200)
    email = forms.EmailField(label=_("E-post"))
    role = forms.ChoiceField(
        label=_("Rolle"),
        choices=[(r.value, r.label) for r in Role if r in MUNICIPAL_ROLES],
    )

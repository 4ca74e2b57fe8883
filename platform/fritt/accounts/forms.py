"""Forms for logging in and inviting colleagues."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .roles import MUNICIPAL_ROLES, Role


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-post"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _("Feil e-post eller passord. Prøv igjen."),
        "inactive": _("Kontoen er deaktivert."),
    }


class InviteStaffForm(forms.Form):
    full_name = forms.CharField(label=_("Fullt navn"), max_length=200)
    email = forms.EmailField(label=_("E-post"))
    role = forms.ChoiceField(
        label=_("Rolle"),
        choices=[(r.value, r.label) for r in Role if r in MUNICIPAL_ROLES],
    )

"""The municipal admin's form for registering a webhook."""

from django import forms
from django.utils.translation import gettext_lazy as _


class WebhookForm(forms.Form):
    url = forms.CharField(
        label=_("Adresse (URL)"),
        max_length=500,
        help_text=_(
            "Fagsystemets mottak for hendelser, for eksempel https://gerica.kommune.no/fritt"
        ),
    )
    description = forms.CharField(label=_("Beskrivelse"), max_length=200, required=False)

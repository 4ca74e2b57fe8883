"""The municipal admin's form for registering a webhook."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Scope


class WebhookForm(forms.Form):
    url = forms.CharField(
        label=_("Adresse (URL)"),
        max_length=500,
        help_text=_(
            "Fagsystemets mottak for hendelser, for eksempel https://gerica.kommune.no/fritt"
        ),
    )
    description = forms.CharField(label=_("Beskrivelse"), max_length=200, required=False)


class ClientForm(forms.Form):
    name = forms.CharField(
        label=_("Systemets navn"),
        max_length=100,
        help_text=_("For eksempel Gerica eller Visma Profil"),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Tilganger"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )
    maskinporten_client_id = forms.CharField(
        label=_("Klient-ID i Maskinporten (valgfritt)"),
        max_length=100,
        required=False,
        help_text=_(
            "Fyll inn hvis systemet henter tokener fra Maskinporten i stedet for fra plattformen."
        ),
    )

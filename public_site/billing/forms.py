"""The "Bli med" form: municipality, services, contact, invoice reference, the agreements."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from public_site.catalogue.models import ServiceType

from .selectors import joinable_municipalities


class MunicipalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} ({obj.kommunenummer})"


class JoinForm(forms.Form):
    municipality = MunicipalityChoiceField(
        label=_("Kommune"), queryset=joinable_municipalities(), empty_label=_("Velg kommune")
    )
    services = forms.ModelMultipleChoiceField(
        label=_("Tjenester kommunen vil bruke fritt brukervalg for"),
        queryset=ServiceType.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    contact_name = forms.CharField(
        label=_("Kontaktperson (blir kommunens administrator)"), max_length=200
    )
    contact_email = forms.EmailField(label=_("E-post til kontaktpersonen"))
    contact_phone = forms.CharField(label=_("Telefon"), max_length=30, required=False)
    invoice_reference = forms.CharField(
        label=_("Fakturareferanse"),
        max_length=100,
        help_text=_("Kommunens referanse på EHF-fakturaen (ofte bestillerens ressursnummer)."),
    )
    accepted_terms = forms.BooleanField(label=_("Kommunen godtar bruksvilkårene"))
    accepted_dpa = forms.BooleanField(label=_("Kommunen inngår databehandleravtalen"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Evaluated per request: a municipality that joined a moment ago is no longer offered.
        self.fields["municipality"].queryset = joinable_municipalities()

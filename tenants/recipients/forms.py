"""Forms for recipients, decisions, choices, contacts and quality cases."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fritt.web.bounds import LONG_TEXT
from fritt.web.fields import text_area, working_date
from public_site.catalogue.models import ServiceType
from tenants.zones.models import Zone

from .models import MAX_EXTENT, MIN_EXTENT, AccessRelation, CaseKind, CaseStatus, ContactRelation


class RecipientForm(forms.Form):
    full_name = forms.CharField(label=_("Navn"), max_length=200)
    fnr = forms.CharField(
        label=_("Fødselsnummer eller D-nummer"),
        max_length=13,
        help_text=_("11 siffer. Lagres kryptert og vises aldri i lister."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    address = forms.CharField(label=_("Adresse"), max_length=200)
    postcode = forms.RegexField(label=_("Postnummer"), regex=r"^\d{4}$", max_length=4)
    postplace = forms.CharField(label=_("Poststed"), max_length=100)
    zone = forms.ModelChoiceField(
        label=_("Sone"), queryset=Zone.objects.all(), required=False, empty_label=_("Ingen sone")
    )
    phone = forms.CharField(label=_("Telefon"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-post"), required=False)


class RecipientEditForm(RecipientForm):
    """The same details without the fødselsnummer, which is not changed after registration."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["fnr"]


class OnlineAccessForm(forms.Form):
    full_name = forms.CharField(label=_("Navn"), max_length=200)
    email = forms.EmailField(label=_("E-post"))
    relation = forms.ChoiceField(label=_("Hvem"), choices=AccessRelation.choices)


class DecisionForm(forms.Form):
    service_type = forms.ModelChoiceField(label=_("Tjeneste"), queryset=ServiceType.objects.all())
    extent = forms.DecimalField(
        label=_("Omfang"),
        min_value=MIN_EXTENT,
        max_value=MAX_EXTENT,
        max_digits=6,
        decimal_places=1,
        help_text=_("Per uke, høyst 168."),
    )
    extent_unit = forms.CharField(label=_("Enhet"), initial="timer per uke", max_length=40)
    valid_from = working_date(_("Gjelder fra"))
    valid_to = working_date(_("Gjelder til"), required=False)


class ContactForm(forms.Form):
    full_name = forms.CharField(label=_("Navn"), max_length=200)
    relation = forms.ChoiceField(label=_("Rolle"), choices=ContactRelation.choices)
    phone = forms.CharField(label=_("Telefon"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-post"), required=False)
    fnr = forms.CharField(
        label=_("Fullmektigens fødselsnummer"),
        required=False,
        max_length=20,
        help_text=_(
            "Bare for fullmektig: da kan fullmektigen logge inn på Min side med ID-porten."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )


class ChoiceForm(forms.Form):
    provider = forms.ChoiceField(
        label=_("Leverandør"), widget=forms.RadioSelect(attrs={"class": "ds-input"})
    )
    how = forms.CharField(
        label=_("Hvordan uttrykte brukeren valget?"),
        required=False,
        max_length=300,
        help_text=_("For eksempel: på telefon, i brev, i møte, via fullmektig."),
    )

    def __init__(self, *args, providers, ask_how: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [(p.key, p.name) for p in providers]
        if not ask_how:
            del self.fields["how"]


class CaseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=CaseKind.choices)
    provider = forms.ChoiceField(label=_("Gjelder leverandør"))
    received_on = working_date(_("Mottatt"))
    description = text_area(_("Beskrivelse"), max_length=LONG_TEXT)

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = providers


class DeviationForm(forms.Form):
    """A deviation from Min side: which provider, which day, and what happened."""

    assignment = forms.TypedChoiceField(label=_("Gjelder leverandør"), coerce=int)
    visit_date = working_date(_("Dato for besøket"))
    description = text_area(
        _("Hva skjedde?"),
        rows=4,
        max_length=LONG_TEXT,
        help_text=_("For eksempel: besøket kom ikke, kom for sent, var kortere enn avtalt."),
    )

    def __init__(self, *args, assignments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignment"].choices = [
            (a.pk, f"{a.provider_name} – {a.decision.service_type.name}") for a in assignments
        ]


class CaseUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CaseStatus.choices)
    outcome = text_area(_("Utfall"), rows=2, max_length=LONG_TEXT, required=False)


class ConfirmAccessForm(forms.Form):
    fnr = forms.CharField(
        label=_("Fødselsnummer (11 siffer) til personen tilgangen gjelder"),
        help_text=_("Ditt eget hvis tilgangen gjelder deg, ellers til den du er fullmektig for."),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-fil"),
        help_text=_("Semikolon- eller kommadelt, UTF-8, med kolonnene fra malen."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

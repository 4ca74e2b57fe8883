"""Forms for supplier registration, colleagues and the document vault."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fritt.accounts.roles import Role
from fritt.web.fields import working_date
from public_site.catalogue.documents import DocumentType


class RegisterForm(forms.Form):
    orgnr = forms.CharField(label=_("Organisasjonsnummer"), max_length=15)
    manual_name = forms.CharField(label=_("Virksomhetens navn"), max_length=200, required=False)
    manual_address = forms.CharField(label=_("Forretningsadresse"), max_length=200, required=False)
    manual_postcode = forms.CharField(label=_("Postnummer"), max_length=10, required=False)
    manual_postplace = forms.CharField(label=_("Poststed"), max_length=100, required=False)
    full_name = forms.CharField(label=_("Ditt fulle navn"), max_length=200, required=False)
    email = forms.EmailField(label=_("Din e-post"), required=False)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, needs_account: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if needs_account:
            # No password here: it is chosen from the link mailed to the address, so that
            # only its owner can finish (and the page never says if the address is known).
            for name in ("full_name", "email"):
                self.fields[name].required = True
        else:
            for name in ("full_name", "email"):
                del self.fields[name]


class InviteColleagueForm(forms.Form):
    full_name = forms.CharField(label=_("Fullt navn"), max_length=200)
    email = forms.EmailField(label=_("E-post"))
    role = forms.ChoiceField(
        label=_("Rolle"),
        choices=[(Role.SUPPLIER_MEMBER.value, Role.SUPPLIER_MEMBER.label),
                 (Role.SUPPLIER_ADMIN.value, Role.SUPPLIER_ADMIN.label)],
    )  # fmt: skip


class DocumentForm(forms.Form):
    document_type = forms.ChoiceField(label=_("Dokumenttype"), choices=DocumentType.choices)
    title = forms.CharField(label=_("Tittel"), max_length=200, required=False)
    upload = forms.FileField(
        label=_("Fil (PDF, PNG eller JPEG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )
    valid_from = working_date(_("Gyldig fra"))
    valid_until = working_date(_("Gyldig til"), required=False)

"""Forms of apply-once: the common answers, one part per scheme, supplements, saved searches."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fritt.web.fields import text_area
from public_site.catalogue.documents import DocumentType
from public_site.suppliers.models import Supplier, SupplierDocument
from public_site.suppliers.selectors import valid_document
from tenants.applications.models import MAX_CAPACITY_CAP


class StaffFactsForm(forms.Form):
    """What a supplier says about its staff and extras, in the application and afterwards on
    the approval (shown to citizens on the decision-support page)."""

    staff_competence = text_area(_("Personalets kompetanse"))
    additional_services = text_area(
        _("Tilleggstjenester brukeren kan kjøpe selv"), rows=2, required=False
    )


class CommonAnswersForm(StaffFactsForm):
    """Asked once, used in every application of the submission."""

    field_order = ["contact_name", "contact_email", "contact_phone", "about", "languages"]

    contact_name = forms.CharField(label=_("Kontaktperson"), max_length=200)
    contact_email = forms.EmailField(label=_("E-post"))
    contact_phone = forms.CharField(label=_("Telefon"), max_length=30)
    about = text_area(
        _("Om virksomheten"),
        rows=4,
        help_text=_("Erfaring med tjenesten, organisering og faglig ledelse."),
    )
    languages = forms.CharField(
        label=_("Språk personalet snakker"),
        max_length=200,
        help_text=_("For eksempel: norsk, engelsk, polsk"),
    )


def _document_label(document: SupplierDocument) -> str:
    until = document.valid_until.strftime("%d.%m.%Y") if document.valid_until else "-"
    return f"{document.title} ({_('gyldig til')} {until})"


class PartForm(forms.Form):
    """One scheme's own questions: each condition, zones, capacity cap. Built from the live
    scheme (`services.scheme_form_facts`)."""

    def __init__(self, *args, announcement, facts: dict, supplier: Supplier, **kwargs):
        kwargs.setdefault("prefix", f"a{announcement.pk}")
        super().__init__(*args, **kwargs)
        self.announcement = announcement
        self.facts = facts
        self.condition_fields: list[tuple[dict, str]] = []
        for condition in facts["conditions"]:
            name = f"c{condition['id']}"
            if condition["document_type"]:
                documents = supplier.documents.filter(document_type=condition["document_type"])
                initial = valid_document(
                    supplier=supplier, document_type=condition["document_type"]
                )
                self.fields[name] = forms.TypedChoiceField(
                    label=condition["text"],
                    help_text=_("Dokumenttype: %(type)s. Velg fra dokumentarkivet.")
                    % {"type": DocumentType(condition["document_type"]).label},
                    choices=[("", _("Ikke lagt ved nå"))]
                    + [(d.pk, _document_label(d)) for d in documents],
                    coerce=int,
                    empty_value=None,
                    required=False,
                    initial=initial.pk if initial else "",
                )
            else:
                self.fields[name] = text_area(
                    condition["text"],
                    rows=2,
                    help_text=_("Beskriv hvordan dere oppfyller vilkåret."),
                )
            self.condition_fields.append((condition, name))
        if facts["zones"]:
            self.fields["zones"] = forms.TypedMultipleChoiceField(
                label=_("Soner dere vil dekke"),
                choices=[(z["id"], z["name"]) for z in facts["zones"]],
                coerce=int,
                widget=forms.CheckboxSelectMultiple,
            )
        if facts["allows_capacity_cap"]:
            self.fields["capacity_cap"] = forms.IntegerField(
                label=_("Tak på antall brukere"),
                help_text=_("La stå tom hvis dere ikke vil ha tak."),
                min_value=1,
                max_value=MAX_CAPACITY_CAP,
                required=False,
            )

    def part_request(self):
        from tenants.applications.services import PartRequest

        data = self.cleaned_data
        answers, document_ids = {}, []
        for condition, name in self.condition_fields:
            if condition["document_type"]:
                if data.get(name):
                    document_ids.append(data[name])
            else:
                answers[str(condition["id"])] = data.get(name, "")
        return PartRequest(
            scheme_id=self.announcement.scheme_id,
            answers=answers,
            zone_ids=list(data.get("zones") or []),
            capacity_cap=data.get("capacity_cap"),
            document_ids=document_ids,
        )


class SupplementForm(forms.Form):
    message = text_area(_("Svar til kommunen"), required=False)
    documents = forms.TypedMultipleChoiceField(
        label=_("Legg ved dokumenter fra arkivet"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, supplier: Supplier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["documents"].choices = [
            (d.pk, f"{d.get_document_type_display()}: {_document_label(d)}")
            for d in supplier.documents.all()
        ]


class ReasonsForm(forms.Form):
    reasons = text_area(_("Begrunnelse"), rows=2, required=False)


class SavedSearchForm(forms.Form):
    name = forms.CharField(label=_("Navn på søket"), max_length=100)


class ApprovalFactsForm(StaffFactsForm):
    """What citizens see about the supplier on each municipality's decision-support page."""

    field_order = [
        "takes_new_recipients", "languages", "staff_competence", "additional_services",
        "contact_email", "contact_phone",
    ]  # fmt: skip

    takes_new_recipients = forms.BooleanField(label=_("Vi tar imot nye brukere"), required=False)
    languages = forms.CharField(label=_("Språk personalet snakker"), max_length=200)
    contact_email = forms.EmailField(label=_("E-post"), required=False)
    contact_phone = forms.CharField(label=_("Telefon"), max_length=30, required=False)

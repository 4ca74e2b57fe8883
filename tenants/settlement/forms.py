"""Forms: reporting a line, uploading a CSV, the officer's question and correction."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 1_000_000


class LineForm(forms.Form):
    assignment = forms.TypedChoiceField(label=_("Oppdrag"), coerce=int)
    date = forms.DateField(label=_("Dato"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("Fra"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(
        label=_("Til"),
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("Før starttiden betyr neste dag (over midnatt)."),
    )
    service = forms.CharField(label=_("Levert tjeneste"), max_length=120, required=False)

    def __init__(self, *args, assignments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignment"].choices = [
            (a.pk, f"{a.decision.recipient.full_name} – {a.decision.service_type.label} (#{a.pk})")
            for a in assignments
        ]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-fil"),
        help_text=_("Semikolon-separert, med kolonnene oppdrag;dato;fra;til;tjeneste."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Filen er for stor (høyst 1 MB)."), code="too_large")
        return upload


class QuestionForm(forms.Form):
    line = forms.IntegerField(widget=forms.HiddenInput)
    question = forms.CharField(
        label=_("Spørsmål til leverandøren"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CorrectionForm(forms.Form):
    line = forms.IntegerField(widget=forms.HiddenInput)
    date = forms.DateField(
        label=_("Riktig dato"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    start = forms.TimeField(
        label=_("Riktig fra"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    end = forms.TimeField(
        label=_("Riktig til"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )

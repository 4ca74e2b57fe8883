"""Forms of the review pages: a message or reasons with each decision."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fritt.web.bounds import SHORT_TEXT


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Melding eller begrunnelse til leverandøren"),
        required=False,
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Påkrevd ved avslag, supplering, suspensjon og tilbakekalling."),
    )

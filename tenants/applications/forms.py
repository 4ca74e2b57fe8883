"""Forms of the review pages: a message or reasons with each decision."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fritt.web.bounds import SHORT_TEXT
from fritt.web.fields import text_area


class DecisionForm(forms.Form):
    text = text_area(
        _("Melding eller begrunnelse til leverandøren"),
        required=False,
        help_text=_("Påkrevd ved avslag, supplering, suspensjon og tilbakekalling."),
    )


class AssessmentForm(forms.Form):
    """The officer's judgement per condition: met or not met, with a comment."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import AssessmentOutcome

        self.rows = rows
        for row in rows:
            pk = row.condition.pk
            current = row.assessment
            self.fields[f"outcome_{pk}"] = forms.ChoiceField(
                label=_("Er vilkåret oppfylt?"),
                choices=AssessmentOutcome.choices,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "ds-input"}),
                initial=current.outcome if current and not row.stale else None,
            )
            self.fields[f"comment_{pk}"] = forms.CharField(
                label=_("Kommentar"),
                required=False,
                max_length=SHORT_TEXT,
                widget=forms.Textarea(attrs={"rows": 2, "class": "ds-input"}),
                initial=current.comment if current else "",
                help_text=_("Påkrevd når vilkåret ikke er oppfylt."),
            )

    def groups(self):
        """(row, outcome field, comment field) per condition, for the template."""
        return [
            (row, self[f"outcome_{row.condition.pk}"], self[f"comment_{row.condition.pk}"])
            for row in self.rows
        ]

    def assessments(self) -> dict[int, tuple[str, str]]:
        return {
            row.condition.pk: (
                self.cleaned_data[f"outcome_{row.condition.pk}"],
                self.cleaned_data[f"comment_{row.condition.pk}"],
            )
            for row in self.rows
            if self.cleaned_data.get(f"outcome_{row.condition.pk}")
        }

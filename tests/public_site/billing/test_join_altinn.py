"""Joining with national login: Altinn rights for the municipality's org.nr put it live without
an operator; anyone else still waits for one."""

from django.db import connection
from django_tenants.utils import schema_exists

from fritt.accounts.models import RoleAssignment
from fritt.accounts.roles import Role
from fritt.events.models import Event
from fritt.identity import services as identity_services
from fritt.identity.client import VerifiedLogin
from public_site.billing import services
from public_site.billing.models import JoinProof, JoinRequest, JoinStatus
from public_site.catalogue.models import ServiceType
from tenants.municipalities.models import Lifecycle, Municipality
from tests.factories import make_user, site_client

VEGA = "1815"


def _form(municipality):
    return {
        "municipality": municipality.pk,
        "services": [s.pk for s in ServiceType.objects.all()[:1]],
        "contact_name": "Vera Vega",
        "contact_email": "vera@vega.kommune.example",
        "invoice_reference": "VEGA-7",
        "accepted_terms": "on",
        "accepted_dpa": "on",
    }


def _ansattporten_client(user, organisations):
    client = site_client(user=user)
    session = client.session
    session[identity_services.SESSION_PROVIDER] = "ansattporten"
    session[identity_services.SESSION_ORGANISATIONS] = list(organisations)
    session.save()
    return client


def test_altinn_rights_for_the_orgnr_put_the_municipality_live_at_once(db):
    vega = Municipality.registry.get(kommunenummer=VEGA)
    assert vega.orgnr
    person = make_user()
    client = _ansattporten_client(person, [vega.orgnr])

    form_page = client.get("/bli-med/").content.decode()
    assert "Vega" in form_page and "med én gang" in form_page

    response = client.post("/bli-med/", _form(vega))
    assert response.status_code == 200
    assert "vega.localhost" in response.content.decode()
    join = JoinRequest.objects.get(municipality=vega)
    assert join.status == JoinStatus.CONFIRMED
    assert join.proof == JoinProof.ALTINN and join.decided_by == person
    vega.refresh_from_db()
    assert vega.lifecycle == Lifecycle.ACTIVE and schema_exists("k1815")
    assert RoleAssignment.objects.filter(
        municipality=vega, role=Role.MUNICIPAL_ADMIN, user__email="vera@vega.kommune.example"
    ).exists()
    confirmed = Event.objects.get(action="join.confirmed", subject_id=str(join.pk))
    assert confirmed.data["proof"] == "altinn"
    connection.set_schema_to_public()
    assert site_client("vega").get("/").status_code == 200


def test_rights_for_another_orgnr_or_a_password_login_still_wait_for_an_operator(db):
    vega = Municipality.registry.get(kommunenummer=VEGA)
    other = _ansattporten_client(make_user(), ["974760673"])
    assert other.post("/bli-med/", _form(vega))["Location"] == "/bli-med/sendt/"
    assert JoinRequest.objects.get(municipality=vega).status == JoinStatus.PENDING
    JoinRequest.objects.all().delete()

    # The same org.nr in a session that did not come from Ansattporten proves nothing.
    local = site_client(user=make_user())
    session = local.session
    session[identity_services.SESSION_ORGANISATIONS] = [vega.orgnr]
    session.save()
    assert local.post("/bli-med/", _form(vega))["Location"] == "/bli-med/sendt/"
    vega.refresh_from_db()
    assert vega.lifecycle == Lifecycle.REGISTERED

    # And the service never trusts rights without a logged-in person.
    assert not services.may_act_for(municipality=vega, by=None, altinn_orgnrs=[vega.orgnr])


def _login(organisations):
    return VerifiedLogin(
        provider="ansattporten",
        issuer="http://ansattporten.test",
        pid="26857498321",
        acr="idporten-loa-substantial",
        amr=("TestID",),
        sid="s1",
        name="Vera Vega",
        organisations=tuple(organisations),
    )


def test_the_sign_in_handler_sends_a_municipality_employee_to_bli_med(db, rf, bergen):
    vega = Municipality.registry.get(kommunenummer=VEGA)
    request = rf.get("/innlogging/callback/")
    request.session = {}
    outcome = services.sign_in_municipality_employee(request=request, login=_login([vega.orgnr]))
    assert outcome is not None and outcome.next_path == "/bli-med/"
    assert outcome.user is not None
    # A municipality already live, or an organisation that is no municipality: not this handler.
    assert (
        services.sign_in_municipality_employee(request=request, login=_login([bergen.orgnr]))
        is None
    )
    assert (
        services.sign_in_municipality_employee(request=request, login=_login(["974760673"])) is None
    )

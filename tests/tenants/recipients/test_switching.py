"""A citizen's switch: the words when choosing the current provider again, cancelling a switch
before it takes effect, and the recipient pages' element ids and decision-support text."""

import datetime
import re
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from fritt.events.models import Event
from tenants.recipients import selectors, services
from tenants.recipients.models import AccessRelation
from tests.factories import grant_confirmed, make_user, new_decision, new_recipient, site_client

TODAY = timezone.localdate()


@pytest.fixture
def served(world, case_worker):
    """A recipient served by Alfa, with Min side for herself and for a proxy."""
    recipient = new_recipient(case_worker, zone=world["arna"], name="Solveig Svitsj")
    decision = new_decision(case_worker, recipient, world["service"])
    citizen, proxy = make_user(full_name="Solveig Svitsj"), make_user(full_name="Per Proxy")
    grant_confirmed(case_worker, recipient, citizen, AccessRelation.SELF)
    services.add_contact(
        by=case_worker, recipient=recipient, full_name="Per Proxy", relation="proxy"
    )
    grant_confirmed(case_worker, recipient, proxy, AccessRelation.PROXY)
    services.choose_provider(by=citizen, decision=decision, approval=world["a"])
    return {"recipient": recipient, "decision": decision, "citizen": citizen, "proxy": proxy}


def test_choosing_the_current_provider_again_speaks_to_whoever_chose(world, case_worker, served):
    decision = served["decision"]
    said = {}
    for who, user, how in [
        ("self", served["citizen"], ""),
        ("proxy", served["proxy"], ""),
        ("case_worker", case_worker, "på telefon"),
    ]:
        with pytest.raises(ValidationError) as refused:
            services.choose_provider(by=user, decision=decision, approval=world["a"], how=how)
        assert refused.value.code == "same"
        said[who] = refused.value.messages[0]
    assert said["self"] == "Dette er allerede din leverandør."
    assert "fullmektig" in said["proxy"]
    assert said["case_worker"] == "Dette er allerede brukerens leverandør."


def test_a_citizen_cancels_a_switch_before_it_takes_effect(world, served):
    decision, citizen = served["decision"], served["citizen"]
    with pytest.raises(ValidationError) as refused:
        services.cancel_switch(by=citizen, decision=decision)
    assert refused.value.code == "no_switch"
    switch = services.choose_provider(by=citizen, decision=decision, approval=world["b"])
    assert switch.starts_on == TODAY + datetime.timedelta(
        days=world["scheme"].switching_notice_days
    )
    assert selectors.current_assignment(decision).ends_on == switch.starts_on
    kept = services.cancel_switch(by=citizen, decision=decision)
    assert kept.approval == world["a"] and kept.ends_on is None
    assert selectors.upcoming_assignment(decision) is None
    assert selectors.current_assignment(decision, switch.starts_on).approval == world["a"]
    event = Event.objects.filter(action="choice.switch_cancelled").get()
    assert event.subject_id == str(decision.pk) and "Solveig" not in str(event.data)
    # Someone without access to the person cannot cancel.
    with pytest.raises(Exception):  # noqa: B017  (NotAllowed, a PermissionDenied)
        services.choose_provider(by=citizen, decision=decision, approval=world["b"])
        services.cancel_switch(by=make_user(), decision=decision)


def test_min_side_offers_to_cancel_and_the_page_cancels(world, served):
    decision, recipient = served["decision"], served["recipient"]
    services.choose_provider(by=served["proxy"], decision=decision, approval=world["b"])
    client = site_client("bergen", served["proxy"])
    page = client.get("/min-side/").content.decode()
    assert "Angre byttet og behold Alfa Omsorg AS" in page
    response = client.post(f"/min-side/{recipient.pk}/vedtak/{decision.pk}/angre-bytte/")
    assert response.status_code == 302
    assert selectors.upcoming_assignment(decision) is None
    assert "Angre byttet" not in client.get("/min-side/").content.decode()


def _ids(html: str) -> Counter:
    return Counter(re.findall(r'\sid="([^"]+)"', html))


def test_recipient_pages_never_repeat_an_element_id(world, case_worker, served):
    decision, recipient = served["decision"], served["recipient"]
    staff = site_client("bergen", case_worker)
    citizen = site_client("bergen", served["citizen"])
    pages = [
        staff.get(f"/ansatt/mottakere/{recipient.pk}/"),
        staff.get("/ansatt/mottakere/"),
        staff.get(f"/ansatt/mottakere/{recipient.pk}/vedtak/{decision.pk}/velg/"),
        staff.get("/ansatt/klager-og-avvik/"),
        citizen.get("/min-side/"),
        citizen.get(f"/min-side/{recipient.pk}/vedtak/{decision.pk}/velg/"),
        citizen.get(f"/min-side/{recipient.pk}/innsyn/"),
    ]
    for response in pages:
        assert response.status_code == 200
        repeated = {i: n for i, n in _ids(response.content.decode()).items() if n > 1}
        assert not repeated, (response.wsgi_request.path, repeated)


def test_decision_support_says_one_thing(world, bergen):
    anyone = site_client("bergen")
    with_choice = anyone.get("/valg/praktisk-bistand/").content.decode()
    assert "kan du velge" in with_choice and "ikke fritt brukervalg" not in with_choice
    without = anyone.get("/valg/hjemmesykepleie/").content.decode()
    assert "ikke fritt brukervalg" in without
    assert "kan du velge" not in without and "Alle leverandørene under" not in without

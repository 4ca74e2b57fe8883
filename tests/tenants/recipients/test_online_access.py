"""Min side access given by a case worker counts only after the account holder confirms it;
the holder's views are logged with the real relation, including the choice and who-viewed pages."""

import pytest
from django.core.exceptions import PermissionDenied
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from tenants.recipients import crypto, services
from tenants.recipients.models import AccessLogEntry, AccessRelation, RecipientLogin
from tests.factories import grant_confirmed, make_user, new_decision, new_recipient, site_client


def test_access_to_an_existing_account_waits_for_the_holders_confirmation(
    world, case_worker, bergen
):
    recipient = new_recipient(case_worker, name="Hedda Hemmelig")
    decision = new_decision(case_worker, recipient, world["service"])
    services.add_contact(by=case_worker, recipient=recipient, full_name="Per Proxy",
                         relation="proxy")  # fmt: skip
    stranger = make_user(full_name="Feil Person", email="feil@example.no")
    # The red-team reproduction: any existing account, by e-mail, at once.
    response = site_client("bergen", case_worker).post(
        f"/ansatt/mottakere/{recipient.pk}/min-side/",
        {"full_name": "Per Proxy", "email": "feil@example.no", "relation": "proxy"},
    )
    assert response.status_code == 302
    client = site_client("bergen", stranger)
    page = client.get("/min-side/")
    assert page.status_code == 200
    assert "Hedda" not in page.content.decode() and "Bekreft" in page.content.decode()
    assert client.get(f"/min-side/{recipient.pk}/vedtak/{decision.pk}/velg/").status_code == 404
    assert client.get(f"/min-side/{recipient.pk}/innsyn/").status_code == 404
    with tenant_context(bergen), pytest.raises(PermissionDenied):
        services.choose_provider(by=stranger, decision=decision, approval=world["a"])

    login = RecipientLogin.objects.get(user=stranger)
    for _attempt in range(services.MAX_FAILED_CONFIRMATIONS):
        client.post(f"/min-side/bekreft/{login.pk}/", {f"b{login.pk}-fnr": "01019012345"})
    assert not RecipientLogin.objects.filter(pk=login.pk).exists()  # withdrawn


def test_the_holder_confirms_with_the_number_and_is_logged_as_proxy(world, case_worker, bergen):
    recipient = new_recipient(case_worker, name="Olga Omsorg")
    decision = new_decision(case_worker, recipient, world["service"])
    services.add_contact(by=case_worker, recipient=recipient, full_name="Per Proxy",
                         relation="proxy")  # fmt: skip
    proxy = make_user(full_name="Per Proxy")
    login = services.grant_login(
        by=case_worker, recipient=recipient, user=proxy, relation=AccessRelation.PROXY
    )
    client = site_client("bergen", proxy)
    wrong = client.post(f"/min-side/bekreft/{login.pk}/", {f"b{login.pk}-fnr": "01019012345"})
    assert wrong.status_code == 302
    login.refresh_from_db()
    assert login.confirmed_at is None and login.failed_confirmations == 1
    fnr = crypto.decrypt(recipient.fnr_encrypted)
    spaced = f"{fnr[:6]} {fnr[6:]}"
    client.post(f"/min-side/bekreft/{login.pk}/", {f"b{login.pk}-fnr": spaced})
    login.refresh_from_db()
    assert login.confirmed_at is not None
    assert "Olga Omsorg" in client.get("/min-side/").content.decode()
    client.get(f"/min-side/{recipient.pk}/vedtak/{decision.pk}/velg/")
    client.get(f"/min-side/{recipient.pk}/innsyn/")
    entries = AccessLogEntry.objects.filter(recipient=recipient, user=proxy).order_by("pk")
    assert {e.role for e in entries} == {"proxy"}
    whats = [e.what for e in entries]
    assert "valg av leverandør (min side)" in whats
    assert "hvem har sett opplysningene (min side)" in whats


def test_a_case_worker_cannot_confirm_for_the_holder(world, case_worker, bergen):
    recipient = new_recipient(case_worker)
    citizen = make_user()
    login = services.grant_login(
        by=case_worker, recipient=recipient, user=citizen, relation=AccessRelation.SELF
    )
    other = make_user(Role.CASE_WORKER, municipality=bergen)
    with pytest.raises(PermissionDenied):
        services.confirm_online_access(
            user=other, login=login, fnr=crypto.decrypt(recipient.fnr_encrypted)
        )
    grant_confirmed(case_worker, new_recipient(case_worker), citizen, AccessRelation.SELF)
    login.refresh_from_db()
    assert login.confirmed_at is None

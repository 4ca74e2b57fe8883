"""In headless Chromium: a municipality's employee joins through "Bli med", an operator confirms
in /drift/, and the municipality's site answers; every page passes axe."""

import pytest

from fritt.accounts.models import RoleAssignment
from fritt.accounts.roles import Role
from public_site.billing.models import JoinRequest, SignedAgreement
from tenants.municipalities.models import Domain, Lifecycle, Municipality
from tests.factories import PASSWORD, assert_accessible, make_user, site_url

pytestmark = pytest.mark.browser

KONGSVINGER = "3401"


def test_join_journey_in_the_browser(page, live_server_url):
    operator = make_user(Role.PLATFORM_OPERATOR, full_name="Dina Drift")
    contact = "kari.kongsvinger@kongsvinger.example"
    try:
        page.goto(site_url(live_server_url, None, "/"))
        page.get_by_role("link", name="Bli med: meld inn kommunen din").click()
        page.wait_for_url("**/bli-med/")
        assert_accessible(page)
        page.locator("#id_municipality").select_option(label="Kongsvinger kommune (3401)")
        page.get_by_label("Praktisk bistand i hjemmet").check()
        page.locator("#id_contact_name").fill("Kari Kongsvinger")
        page.locator("#id_contact_email").fill(contact)
        page.locator("#id_invoice_reference").fill("KV-2027")
        page.get_by_role("button", name="Send innmelding").click()
        # Not accepted yet: the form says so and nothing is stored.
        assert_accessible(page)
        assert not JoinRequest.objects.filter(municipality__kommunenummer=KONGSVINGER).exists()
        page.get_by_label("Kommunen godtar bruksvilkårene").check()
        page.get_by_label("Kommunen inngår databehandleravtalen").check()
        page.get_by_role("button", name="Send innmelding").click()
        page.wait_for_url("**/bli-med/sendt/")
        assert_accessible(page)

        page.goto(site_url(live_server_url, None, "/logg-inn/"))
        page.get_by_label("E-post").fill(operator.email)
        page.get_by_label("Passord").fill(PASSWORD)
        page.get_by_role("button", name="Logg inn").click()
        page.wait_for_url("**/drift/")
        assert_accessible(page)
        page.get_by_role("button", name="Bekreft og sett Kongsvinger i drift").click()
        page.wait_for_url("**/drift/")
        assert "Kongsvinger kommune er med på kongsvinger.localhost" in page.content()
        assert_accessible(page)

        page.goto(site_url(live_server_url, "kongsvinger", "/"))
        assert "Kongsvinger kommune" in page.locator("h1").inner_text()
        assert_accessible(page)
        assert Municipality.registry.get(kommunenummer=KONGSVINGER).lifecycle == Lifecycle.ACTIVE
    finally:
        kv = Municipality.registry.get(kommunenummer=KONGSVINGER)
        # Users stay (deleting one would reach into schemes' tables Django cannot see here);
        # their roles go, so the rest of the session never meets them.
        RoleAssignment.objects.filter(municipality=kv).delete()
        RoleAssignment.objects.filter(user=operator).delete()
        SignedAgreement.objects.filter(municipality=kv).delete()
        JoinRequest.objects.filter(municipality=kv).delete()
        # The schema stays (sealed to the audit role) under a number no other test uses.
        Domain.objects.filter(tenant=kv).delete()
        Municipality.registry.filter(pk=kv.pk).update(
            lifecycle=Lifecycle.REGISTERED, provisioned_at=None
        )

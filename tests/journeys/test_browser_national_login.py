"""In headless Chromium against the local OpenID Provider: a citizen's ID-porten login to Min
side, and a supplier employee's Ansattporten login to the supplier pages; axe on our pages."""

import pytest

from fritt.accounts.models import RoleAssignment, User
from fritt.accounts.roles import Role
from fritt.identity.models import ExternalIdentity, ProviderSession
from fritt.tenancy.schemas import in_municipality
from tenants.municipalities.models import Municipality
from tenants.recipients.models import RecipientLogin
from tests.factories import (
    assert_accessible,
    make_fnr,
    make_supplier,
    make_user,
    new_recipient,
    site_url,
)

pytestmark = pytest.mark.browser


def _log_in_at_the_provider(page, pid: str, orgs: str = "") -> None:
    page.get_by_label("Fødselsnummer").fill(pid)
    if orgs:
        page.get_by_label("Organisasjonsnumre").fill(orgs)
    page.get_by_role("button", name="Logg inn").click()


def _forget(users: list[User]) -> None:
    ProviderSession.objects.filter(user__in=users).delete()
    ExternalIdentity.objects.filter(user__in=users).delete()
    RoleAssignment.objects.filter(user__in=users).delete()


def test_citizen_logs_in_with_idporten_and_reaches_min_side(page, live_server_url, oidc_provider):
    bergen = Municipality.objects.get(kommunenummer="4601")
    case_worker = make_user(Role.CASE_WORKER, municipality=bergen)
    fnr = make_fnr("120438")
    with in_municipality(bergen):
        new_recipient(case_worker, name="Nora Nettleser", fnr=fnr)
    try:
        page.goto(site_url(live_server_url, "bergen", "/logg-inn/"))
        assert_accessible(page)
        page.get_by_role("link", name="Logg inn med ID-porten").click()
        page.wait_for_url(f"{oidc_provider.idporten}/**")
        _log_in_at_the_provider(page, fnr)
        page.wait_for_url("**/min-side/")
        assert "Nora Nettleser" in page.locator("main").inner_text()
        assert_accessible(page)
    finally:
        citizens = list(User.objects.filter(external_identities__provider="idporten"))
        with in_municipality(bergen):
            RecipientLogin.objects.filter(user__in=citizens).delete()
        _forget(citizens + [case_worker])


def test_supplier_employee_logs_in_with_ansattporten(page, live_server_url, oidc_provider):
    supplier = make_supplier(orgnr="912345645", name="Nettleser Omsorg AS")
    try:
        page.goto(site_url(live_server_url, None, "/logg-inn/"))
        assert_accessible(page)
        page.get_by_role("link", name="Logg inn med Ansattporten").click()
        page.wait_for_url(f"{oidc_provider.ansattporten}/**")
        _log_in_at_the_provider(page, make_fnr("110885"), orgs=supplier.orgnr)
        page.wait_for_url("**/leverandor/")
        assert "Nettleser Omsorg AS" in page.locator("main").inner_text()
        assert_accessible(page)
    finally:
        _forget(list(User.objects.filter(external_identities__provider="ansattporten")))
        supplier.delete()

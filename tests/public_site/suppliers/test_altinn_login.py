"""Suppliers' employees log in with Ansattporten; Altinn's authorization_details decide which
supplier accounts they act for, and an organisation without an account can register."""

import pytest

from fritt.accounts.models import RoleAssignment
from fritt.accounts.roles import Role
from tests.factories import make_fnr, make_supplier, national_login, site_client

pytestmark = pytest.mark.django_db


def test_an_employee_acts_for_the_organisation_altinn_names_and_no_other(oidc_provider, supplier):
    other = make_supplier(orgnr="912345629", name="Annen Omsorg AS")
    pid = make_fnr("110885")
    client = site_client()

    response = national_login(client, "ansattporten", pid, orgs=supplier.orgnr)

    assert response.status_code == 302
    assert response["Location"] == "/leverandor/"
    dashboard = client.get("/leverandor/").content.decode()
    assert "Omsorg Test AS" in dashboard and "Annen Omsorg AS" not in dashboard
    assert client.get(f"/leverandor/{supplier.pk}/dokumenter/").status_code == 200
    assert client.get(f"/leverandor/{other.pk}/dokumenter/").status_code in (403, 404)
    user_id = int(client.session["_auth_user_id"])
    assert set(RoleAssignment.objects.filter(user_id=user_id).values_list("supplier", "role")) == {
        (supplier.pk, Role.SUPPLIER_MEMBER)
    }

    # Altinn moves the person's rights to the other organisation: the platform follows.
    moved = site_client()
    national_login(moved, "ansattporten", pid, orgs=other.orgnr)
    assert int(moved.session["_auth_user_id"]) == user_id
    assert moved.get(f"/leverandor/{supplier.pk}/dokumenter/").status_code in (403, 404)
    assert moved.get(f"/leverandor/{other.pk}/dokumenter/").status_code == 200


def test_an_organisation_without_an_account_is_offered_registration(oidc_provider, supplier):
    client = site_client()

    response = national_login(client, "ansattporten", make_fnr("220492"), orgs="912345610")

    assert response.status_code == 302
    assert response["Location"] == "/leverandor/registrer/?orgnr=912345610"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b'value="912345610"' in page.content


def test_without_altinn_rights_or_an_invitation_nobody_is_logged_in(oidc_provider, supplier):
    client = site_client()
    response = national_login(client, "ansattporten", make_fnr("010180"))
    assert response.status_code == 403
    assert b'data-code="login_unknown_person"' in response.content
    assert "_auth_user_id" not in client.session

"""What a citizen meets on a municipality's site: the home page leads to decision support, a
citizen lands on Min side after a password login, and the staff link is for staff only."""

from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from tests.factories import PASSWORD, make_user, published, site_client


def test_home_links_to_the_decision_support_of_each_scheme(bergen, officer_bergen):
    with tenant_context(bergen):
        scheme = published(by=officer_bergen)
    page = site_client("bergen").get("/").content.decode()
    assert f'href="/valg/{scheme.service_type.code}/"' in page
    assert "Sammenlign leverandører og velg" in page


def test_a_citizen_lands_on_min_side_and_staff_on_their_start_page(bergen):
    citizen = make_user(full_name="Ina Innbygger")
    response = site_client("bergen").post(
        "/logg-inn/", {"username": citizen.email, "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/min-side/"
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=bergen)
    response = site_client("bergen").post(
        "/logg-inn/", {"username": officer.email, "password": PASSWORD}
    )
    assert response["Location"] == "/ansatt/"


def test_for_ansatte_is_shown_to_staff_only(bergen):
    citizen_page = site_client("bergen", make_user()).get("/").content.decode()
    assert "For ansatte" not in citizen_page
    officer = make_user(Role.CASE_WORKER, municipality=bergen)
    assert "For ansatte" in site_client("bergen", officer).get("/").content.decode()

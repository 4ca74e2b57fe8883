"""Roles and the municipality gate: a valid session is never enough on another site."""

import pytest
from django.core.exceptions import ValidationError

from fritt.accounts.models import RoleAssignment
from fritt.accounts.roles import Role
from fritt.accounts.selectors import may_enter_municipality
from fritt.accounts.services import assign_role
from fritt.notifications.tasks import send_welcome_mail
from tests.factories import PASSWORD, make_user, site_client


def test_anonymous_visitor_is_sent_to_login_from_the_staff_area(bergen):
    response = site_client("bergen").get("/ansatt/")
    assert response.status_code == 302
    assert response["Location"].startswith("/logg-inn/?next=/ansatt/")


@pytest.mark.parametrize("role", [Role.MUNICIPAL_ADMIN, Role.MUNICIPAL_OFFICER, Role.CASE_WORKER])
def test_staff_enter_their_own_municipality(bergen, role):
    user = make_user(role, municipality=bergen)
    response = site_client("bergen", user).get("/ansatt/")
    assert response.status_code == 200
    assert str(Role(role).label) in response.content.decode()


def test_bergen_user_with_a_valid_session_is_refused_in_trondheim(bergen, trondheim):
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=bergen)
    client = site_client("bergen", officer)
    assert client.get("/ansatt/").status_code == 200
    # The same session (cookie) presented to Trondheim's site.
    response = client.get("/ansatt/", HTTP_HOST="trondheim.localhost")
    assert response.status_code == 403
    assert "har ingen rolle i Trondheim kommune" in response.content.decode()


def test_bergen_user_logging_in_on_trondheims_site_gets_no_access(bergen, trondheim):
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=bergen)
    client = site_client("trondheim")
    response = client.post("/logg-inn/", {"username": officer.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/ansatt/").status_code == 403


def test_wrong_password_gives_a_norwegian_error(bergen):
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=bergen)
    response = site_client("bergen").post(
        "/logg-inn/", {"username": officer.email, "password": "feil"}
    )
    assert response.status_code == 200
    assert "Feil e-post eller passord" in response.content.decode()


def test_supplier_and_national_roles_do_not_open_a_municipality(bergen, supplier, operator):
    member = make_user(Role.SUPPLIER_MEMBER, supplier=supplier)
    assert site_client("bergen", member).get("/ansatt/").status_code == 403
    assert site_client("bergen", operator).get("/ansatt/").status_code == 403
    assert not may_enter_municipality(user=operator, municipality=bergen)


def test_login_lands_each_role_where_it_works(bergen, operator, analyst):
    for user, expected in [(operator, "/drift/"), (analyst, "/statistikk/")]:
        response = site_client().post("/logg-inn/", {"username": user.email, "password": PASSWORD})
        assert response["Location"] == expected
    admin = make_user(Role.MUNICIPAL_ADMIN, municipality=bergen)
    response = site_client("bergen").post(
        "/logg-inn/", {"username": admin.email, "password": PASSWORD}
    )
    assert response["Location"] == "/ansatt/"


def test_role_scope_must_fit_the_role(bergen, supplier):
    user = make_user()
    with pytest.raises(ValidationError):
        assign_role(user=user, role=Role.CASE_WORKER)
    with pytest.raises(ValidationError):
        assign_role(user=user, role=Role.SUPPLIER_ADMIN, municipality=bergen)
    with pytest.raises(ValidationError):
        assign_role(user=user, role=Role.PLATFORM_OPERATOR, municipality=bergen)
    # The database refuses a mismatch even past the service.
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=Role.CASE_WORKER)


def test_welcome_mail_links_to_a_working_set_password_page(bergen, mailoutbox):
    from django_tenants.utils import tenant_context

    user = make_user(Role.CASE_WORKER, municipality=bergen)
    with tenant_context(bergen):
        send_welcome_mail(user.pk, Role.CASE_WORKER)
    mail = mailoutbox[0]
    assert mail.to == [user.email]
    assert "Bergen kommune" in mail.subject
    # (With Ansattporten on, the mail also has its invitation link; this is the password one.)
    link = next(line for line in mail.body.splitlines() if "/konto/passord/" in line)
    assert link.startswith("http://bergen.localhost:8000/konto/passord/")
    client = site_client("bergen")
    form = client.get(link.removeprefix("http://bergen.localhost:8000"), follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Et-nytt-langt-passord-9", "new_password2": "Et-nytt-langt-passord-9"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Et-nytt-langt-passord-9")


def test_session_cookie_is_host_only(settings):
    assert settings.SESSION_COOKIE_DOMAIN is None
    assert settings.CSRF_COOKIE_DOMAIN is None

"""A municipal employee takes an invitation with Ansattporten: the first login binds the
person to the invited account, later logins need no password, the role stays per municipality."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from fritt.accounts.roles import Role
from fritt.accounts.services import invite_municipal_staff
from fritt.identity.models import ExternalIdentity
from tests.factories import make_fnr, make_user, national_login, provider_login, site_client

pytestmark = pytest.mark.django_db


def _invitation_path(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return f"/konto/invitasjon/{uid}/{default_token_generator.make_token(user)}/"


def _take_invitation(client, path: str, pid: str):
    to_start = client.get(path)
    assert to_start.status_code == 302
    start = client.get(to_start["Location"])
    assert start.status_code == 302
    back = provider_login(start["Location"], pid=pid)
    path, _sep, query = back.partition("/innlogging/callback/")[2].partition("?")
    return client.get(f"/innlogging/callback/?{query}")


def test_an_invited_employee_binds_the_invitation_and_gets_the_role_only_there(
    oidc_provider, bergen, trondheim
):
    admin = make_user(Role.MUNICIPAL_ADMIN, municipality=bergen)
    invited = invite_municipal_staff(
        invited_by=admin, municipality=bergen, email="nora.ny@bergen.example",
        full_name="Nora Ny", role=Role.CASE_WORKER,
    ).user  # fmt: skip
    link = _invitation_path(invited)
    pid = make_fnr("150580")
    client = site_client("bergen")

    response = _take_invitation(client, link, pid)

    assert response.status_code == 302
    assert response["Location"] == "/ansatt/"
    assert int(client.session["_auth_user_id"]) == invited.pk
    assert client.get("/ansatt/").status_code == 200
    assert ExternalIdentity.objects.filter(provider="ansattporten", user=invited).count() == 1

    # Later: Ansattporten alone, no invitation, no password.
    later = site_client("bergen")
    assert national_login(later, "ansattporten", pid)["Location"] == "/ansatt/"
    assert int(later.session["_auth_user_id"]) == invited.pk

    # The role is Bergen's: in Trondheim the same person is nobody's staff.
    elsewhere = site_client("trondheim")
    national_login(elsewhere, "ansattporten", pid)
    assert elsewhere.get("/ansatt/").status_code == 403

    # The link was for one binding: used, it no longer works (for anyone).
    stranger = site_client("bergen")
    again = stranger.get(link)
    assert again.status_code == 400
    assert b'data-code="invitation_link"' in again.content


def test_an_invitation_cannot_move_someone_bound_to_another_account(oidc_provider, bergen):
    admin = make_user(Role.MUNICIPAL_ADMIN, municipality=bergen)
    first = invite_municipal_staff(
        invited_by=admin, municipality=bergen, email="en@bergen.example", full_name="En",
        role=Role.CASE_WORKER,
    ).user  # fmt: skip
    second = invite_municipal_staff(
        invited_by=admin, municipality=bergen, email="to@bergen.example", full_name="To",
        role=Role.MUNICIPAL_ADMIN,
    ).user  # fmt: skip
    pid = make_fnr("150580")
    _take_invitation(site_client("bergen"), _invitation_path(first), pid)

    client = site_client("bergen")
    response = _take_invitation(client, _invitation_path(second), pid)

    assert response.status_code == 403
    assert b'data-code="already_bound"' in response.content
    assert "_auth_user_id" not in client.session

"""The municipality's staff pages: the admin invites colleagues, others may not."""

import pytest
from django.core.exceptions import PermissionDenied

from fritt.accounts.models import RoleAssignment
from fritt.accounts.roles import Role
from fritt.accounts.services import invite_municipal_staff
from tests.factories import make_user, queued_work, site_client


def test_admin_invites_a_colleague_and_the_mail_is_queued(
    bergen, django_capture_on_commit_callbacks
):
    admin = make_user(Role.MUNICIPAL_ADMIN, municipality=bergen)
    client = site_client("bergen", admin)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            "/ansatt/brukere/",
            {"full_name": "Kari Kollega", "email": "kari@bergen.example", "role": Role.CASE_WORKER},
        )
    assert response.status_code == 302
    assert len(queued_work(callbacks)) == 1  # the welcome mail
    assignment = RoleAssignment.objects.get(user__email="kari@bergen.example")
    assert assignment.municipality == bergen and assignment.role == Role.CASE_WORKER
    assert not assignment.user.has_usable_password()


def test_officer_cannot_invite(bergen):
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=bergen)
    assert site_client("bergen", officer).get("/ansatt/brukere/").status_code == 403
    with pytest.raises(PermissionDenied):
        invite_municipal_staff(
            invited_by=officer,
            municipality=bergen,
            email="x@example.org",
            full_name="X",
            role=Role.CASE_WORKER,
        )

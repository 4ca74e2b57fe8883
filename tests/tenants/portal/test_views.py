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


def _role(user, municipality):
    return RoleAssignment.objects.get(user=user, municipality=municipality)


def test_admin_changes_and_removes_a_colleagues_role_with_events(bergen):
    from django_tenants.utils import tenant_context

    from fritt.events.models import Event

    admin = make_user(Role.MUNICIPAL_ADMIN, municipality=bergen)
    colleague = make_user(Role.CASE_WORKER, municipality=bergen, full_name="Kari Kollega")
    client = site_client("bergen", admin)
    page = client.get("/ansatt/brukere/").content.decode()
    assignment = _role(colleague, bergen)
    assert f"/ansatt/brukere/{assignment.pk}/rolle/" in page
    assert f"/ansatt/brukere/{assignment.pk}/fjern/" in page

    response = client.post(
        f"/ansatt/brukere/{assignment.pk}/rolle/",
        {f"r{assignment.pk}-role": Role.MUNICIPAL_OFFICER},
    )
    assert response.status_code == 302
    assert _role(colleague, bergen).role == Role.MUNICIPAL_OFFICER
    client.post(f"/ansatt/brukere/{assignment.pk}/fjern/")
    assert not RoleAssignment.objects.filter(user=colleague, municipality=bergen).exists()
    with tenant_context(bergen):
        events = list(
            Event.objects.filter(action__in=["role.changed", "role.removed"]).order_by("pk")
        )
    assert [(e.action, e.subject_id, e.actor_id) for e in events] == [
        ("role.changed", str(assignment.pk), admin.pk),
        ("role.removed", str(assignment.pk), admin.pk),
    ]
    assert "Kari" not in str([e.data for e in events])  # ids and codes only


def test_the_last_admin_cannot_remove_or_demote_themselves(bergen):
    from django_tenants.utils import tenant_context

    from fritt.accounts.errors import AccountError
    from fritt.accounts.services import change_municipal_role, remove_municipal_role
    from tests.factories import refused

    RoleAssignment.objects.filter(municipality=bergen, role=Role.MUNICIPAL_ADMIN).delete()
    admin = make_user(Role.MUNICIPAL_ADMIN, municipality=bergen)
    own = _role(admin, bergen)
    with tenant_context(bergen):
        with refused(AccountError.LAST_ADMIN):
            remove_municipal_role(by=admin, assignment=own)
        with refused(AccountError.LAST_ADMIN):
            change_municipal_role(by=admin, assignment=own, role=Role.CASE_WORKER)
    response = site_client("bergen", admin).post(f"/ansatt/brukere/{own.pk}/fjern/")
    assert response.status_code == 302
    assert _role(admin, bergen).role == Role.MUNICIPAL_ADMIN

    # With a second admin, the first may step down.
    second = make_user(Role.MUNICIPAL_ADMIN, municipality=bergen)
    with tenant_context(bergen):
        change_municipal_role(by=admin, assignment=own, role=Role.CASE_WORKER)
    assert _role(admin, bergen).role == Role.CASE_WORKER
    assert _role(second, bergen).role == Role.MUNICIPAL_ADMIN


def test_only_an_admin_of_that_municipality_changes_roles(bergen, trondheim):
    from django_tenants.utils import tenant_context

    from fritt.accounts.errors import AccountError
    from fritt.accounts.services import remove_municipal_role
    from tests.factories import refused

    colleague = make_user(Role.CASE_WORKER, municipality=bergen)
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=bergen)
    other_admin = make_user(Role.MUNICIPAL_ADMIN, municipality=trondheim)
    with tenant_context(bergen):
        for outsider in (officer, other_admin):
            with refused(AccountError.NOT_MUNICIPAL_ADMIN):
                remove_municipal_role(by=outsider, assignment=_role(colleague, bergen))
    assert _role(colleague, bergen)

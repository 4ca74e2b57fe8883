"""A participant the host gave notice, invited back before the notice runs out, takes part as
before: its notice is withdrawn (in the host's row, the national view and the event record),
and the scheme facts count it on without touching the months already past. A notice the
participant gave itself is not the host's to withdraw."""

import datetime

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.db.models import Sum
from django.utils import timezone
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from fritt.events.models import Event
from public_site.announcements.models import JointMembership
from public_site.statistics import projection
from public_site.statistics.models import SchemeFact
from public_site.statistics.reconcile import reconcile_current
from tenants.schemes import services as scheme_services
from tenants.schemes.errors import SchemeError
from tenants.schemes.models import JointParticipant, JointPeriod, JointStatus
from tests.factories import (
    accept_invitations,
    make_user,
    published_joint,
    refused,
    tenth_at_noon,
)

THIS_MONTH = projection.month_of(None)
ACCEPTED_IN = THIS_MONTH - relativedelta(months=2)
NOTICE_IN = THIS_MONTH - relativedelta(months=1)
NOTICE_DAYS = 90


def counted_in_ulvik(eidfjord, ulvik, scheme, months) -> list[int]:
    """Whether the joint scheme runs in Ulvik at each month's end (running sums)."""
    facts = SchemeFact.objects.filter(host=eidfjord, scheme_id=scheme.pk, municipality=ulvik)
    return [facts.filter(month__lte=m).aggregate(n=Sum("live"))["n"] or 0 for m in months]


@pytest.fixture
def given_notice(eidfjord, ulvik, monkeypatch):
    """Eidfjord's joint scheme: Ulvik accepts two months ago; last month Eidfjord takes it off
    the list (90 days' notice, so it leaves in a month still to come)."""
    clock = {"now": tenth_at_noon(ACCEPTED_IN)}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])
    monkeypatch.setattr(scheme_services, "JOINT_NOTICE_DAYS", NOTICE_DAYS)
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=eidfjord)
    scheme = published_joint(by=officer, host=eidfjord, participants=[ulvik])
    accept_invitations(host=eidfjord, participant=ulvik)
    clock["now"] = tenth_at_noon(NOTICE_IN)
    with tenant_context(eidfjord):
        scheme_services.set_participants(scheme=scheme, by=officer, municipalities=[])
    monkeypatch.undo()
    leaves_on = NOTICE_IN.replace(day=10) + datetime.timedelta(days=NOTICE_DAYS)
    months = [ACCEPTED_IN, NOTICE_IN, THIS_MONTH, projection.month_of(leaves_on)]
    return {"officer": officer, "scheme": scheme, "leaves_on": leaves_on, "months": months}


def test_invited_back_before_leaving_it_takes_part_as_before(given_notice, eidfjord, ulvik):
    scheme, months = given_notice["scheme"], given_notice["months"]
    membership = JointMembership.objects.get(host=eidfjord, participant=ulvik)
    assert (membership.status, membership.leaves_on) == (
        JointStatus.ACCEPTED, given_notice["leaves_on"],
    )  # fmt: skip
    assert counted_in_ulvik(eidfjord, ulvik, scheme, months) == [1, 1, 1, 0]

    with tenant_context(eidfjord):
        scheme_services.set_participants(
            scheme=scheme, by=given_notice["officer"], municipalities=[ulvik]
        )
        row = JointParticipant.objects.get(scheme=scheme, municipality=ulvik)
        assert (row.status, row.leaves_on, row.notice_by) == (JointStatus.ACCEPTED, None, None)
        assert timezone.localdate(row.responded_at) == ACCEPTED_IN.replace(day=10)
        assert not JointPeriod.objects.exists()  # one period, never interrupted
        withdrawn = Event.objects.get(action="joint.notice_withdrawn")
        assert (withdrawn.actor, withdrawn.data) == (
            given_notice["officer"], {"scheme": scheme.pk, "municipality": ulvik.pk},
        )  # fmt: skip
        assert reconcile_current() == []
    membership.refresh_from_db()
    assert (membership.status, membership.leaves_on) == (JointStatus.ACCEPTED, None)
    # The months past stay as they were; the month it would have left now counts it too.
    assert counted_in_ulvik(eidfjord, ulvik, scheme, months) == [1, 1, 1, 1]
    # No notice is left to run out, and no new invitation waits for an answer.
    assert scheme_services.end_due_memberships(today=given_notice["leaves_on"]) == 0
    assert not JointMembership.objects.filter(status=JointStatus.INVITED).exists()


def test_a_notice_the_participant_gave_itself_is_not_the_hosts_to_withdraw(eidfjord, ulvik):
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=eidfjord)
    admin = make_user(Role.MUNICIPAL_ADMIN, municipality=ulvik)
    scheme = published_joint(by=officer, host=eidfjord, participants=[ulvik])
    membership = JointMembership.objects.get(host=eidfjord, participant=ulvik)
    with tenant_context(ulvik):
        scheme_services.answer_joint_invitation(membership=membership, by=admin, accept=True)
        membership.refresh_from_db()
        scheme_services.leave_joint_scheme(membership=membership, by=admin)
    with tenant_context(eidfjord):
        with refused(SchemeError.PARTICIPANT_LEAVING):
            scheme_services.set_participants(scheme=scheme, by=officer, municipalities=[ulvik])
        row = JointParticipant.objects.get(scheme=scheme, municipality=ulvik)
        assert row.leaves_on is not None and row.notice_by == admin
        assert not Event.objects.filter(action="joint.notice_withdrawn").exists()


def test_a_notice_that_has_run_out_is_over(given_notice, eidfjord, ulvik):
    """The notice ran out today; the task that ends it has not run yet."""
    scheme, leaves_on = given_notice["scheme"], given_notice["leaves_on"]
    moment = timezone.make_aware(datetime.datetime.combine(leaves_on, datetime.time(12)))
    with time_machine.travel(moment, tick=False), tenant_context(eidfjord):
        with refused(SchemeError.PARTICIPANT_LEAVING):
            scheme_services.set_participants(
                scheme=scheme, by=given_notice["officer"], municipalities=[ulvik]
            )
        row = JointParticipant.objects.get(scheme=scheme, municipality=ulvik)
        assert row.leaves_on == leaves_on

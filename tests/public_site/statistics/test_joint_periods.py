"""A municipality that leaves a joint scheme and is invited again keeps both periods it took
part: the months of the first stay counted after the re-invite, live and when reconciled."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.db.models import Sum
from django.utils import timezone
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from public_site.statistics import projection
from public_site.statistics.models import SchemeFact
from public_site.statistics.reconcile import reconcile_current
from tenants.schemes import services as scheme_services
from tenants.schemes.models import JointPeriod
from tests.factories import (
    accept_invitations,
    complete_draft,
    make_user,
    published_joint,
    tenth_at_noon,
)

THIS_MONTH = projection.month_of(None)
MONTHS = [THIS_MONTH - relativedelta(months=n) for n in (4, 3, 2, 1)]


def ulvik_by_month(eidfjord, ulvik, scheme) -> list[int]:
    """Whether the joint scheme counts in Ulvik at each month's end (running sums)."""
    facts = SchemeFact.objects.filter(host=eidfjord, scheme_id=scheme.pk, municipality=ulvik)
    return [
        facts.filter(month__lte=month).aggregate(n=Sum("live"))["n"] or 0
        for month in [*MONTHS, THIS_MONTH]
    ]


@pytest.fixture
def rejoined(eidfjord, ulvik, monkeypatch):
    """Eidfjord's joint scheme, month by month: Ulvik accepts (1), is taken off the list and
    its ten days' notice runs out (2), is invited again (3) and accepts again (4)."""
    moments = [tenth_at_noon(m) for m in MONTHS]
    clock = {"now": moments[0]}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])
    monkeypatch.setattr(scheme_services, "JOINT_NOTICE_DAYS", 10)
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=eidfjord)
    scheme = published_joint(by=officer, host=eidfjord, participants=[ulvik])
    accept_invitations(host=eidfjord, participant=ulvik)
    clock["now"] = moments[1]
    with tenant_context(eidfjord):
        scheme_services.set_participants(scheme=scheme, by=officer, municipalities=[])
    clock["now"] += datetime.timedelta(days=11)
    assert scheme_services.end_due_memberships() == 1
    clock["now"] = moments[2]
    left = ulvik_by_month(eidfjord, ulvik, scheme)
    with tenant_context(eidfjord):
        scheme_services.set_participants(scheme=scheme, by=officer, municipalities=[ulvik])
    reinvited = ulvik_by_month(eidfjord, ulvik, scheme)
    clock["now"] = moments[3]
    accept_invitations(host=eidfjord, participant=ulvik)
    monkeypatch.undo()
    return {"scheme": scheme, "left": left, "reinvited": reinvited}


def test_the_first_period_stays_counted_after_a_re_invite(rejoined, eidfjord, ulvik):
    scheme = rejoined["scheme"]
    assert rejoined["left"] == [1, 0, 0, 0, 0]
    assert rejoined["reinvited"] == rejoined["left"]
    assert ulvik_by_month(eidfjord, ulvik, scheme) == [1, 0, 0, 1, 1]
    with tenant_context(eidfjord):
        period = JointPeriod.objects.get(scheme=scheme, municipality=ulvik)
        assert (period.accepted_at.date().replace(day=1), period.left_on) == (
            MONTHS[0], MONTHS[1].replace(day=20),
        )  # fmt: skip
        # The reconciliation recomputes both periods, and puts them back when lost.
        assert reconcile_current() == []
        SchemeFact.objects.filter(host=eidfjord, municipality=ulvik).delete()
        assert reconcile_current() != []
    assert ulvik_by_month(eidfjord, ulvik, scheme) == [1, 0, 0, 1, 1]


def test_a_decline_or_an_unanswered_invitation_is_no_period(eidfjord, ulvik):
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=eidfjord)
    with tenant_context(eidfjord):
        scheme = complete_draft(by=officer, title="Praktisk bistand i Hardanger")
        scheme_services.set_participants(scheme=scheme, by=officer, municipalities=[ulvik])
        scheme_services.set_participants(scheme=scheme, by=officer, municipalities=[])
        scheme_services.set_participants(scheme=scheme, by=officer, municipalities=[ulvik])
        assert not JointPeriod.objects.exists()

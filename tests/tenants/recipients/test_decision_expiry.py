"""A decision whose last day (`valid_to`) passes without anyone ending it ends as an ordinary
end does: the daily task ends it on its last day (status, assignment, event by the system), the
supplier no longer lists the assignment, and the statistics, which counted it ended from that
day already, move nothing."""

import datetime

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from fritt.events.models import Event
from public_site.catalogue.models import ServiceType
from public_site.statistics.models import Fact
from public_site.statistics.projection import month_of
from public_site.statistics.reconcile import reconcile_current
from tenants.recipients import selectors, services, tasks
from tenants.recipients.errors import RecipientError
from tenants.recipients.models import Assignment, DecisionStatus
from tests.factories import (
    approve,
    make_user,
    new_decision,
    new_recipient,
    published,
    refused,
    site_client,
    tenth_at_noon,
)

THIS_MONTH = month_of(None)
MADE_IN = THIS_MONTH - relativedelta(months=2)
LAST_DAY = (THIS_MONTH - relativedelta(months=1)).replace(day=15)
ONE_DAY = datetime.timedelta(days=1)
MADE = tenth_at_noon(MADE_IN)


@pytest.fixture
def lapsed(bergen):
    """Bergen, two months ago: Alfa serves Lapsed (valid through the 15th of last month) and
    Running (no end); Waiting (valid through the same day) never chose. Nobody acts since."""
    service = ServiceType.objects.get(code="praktisk-bistand")
    with time_machine.travel(MADE, tick=False), tenant_context(bergen):
        officer = make_user(Role.MUNICIPAL_OFFICER, municipality=bergen)
        case_worker = make_user(Role.CASE_WORKER, municipality=bergen)
        alfa = approve(published(by=officer), "Alfa Omsorg AS")
        decisions = {}
        for name, valid_to in (("Lapsed", LAST_DAY), ("Running", None), ("Waiting", LAST_DAY)):
            recipient = new_recipient(case_worker, name=f"{name} Hansen")
            decisions[name] = new_decision(case_worker, recipient, service, valid_to=valid_to)
            if name != "Waiting":
                services.choose_provider(
                    by=case_worker, decision=decisions[name], approval=alfa, how="telefon"
                )
    with tenant_context(bergen):
        reconcile_current()  # the factory's approval is made without its counting
    return {"alfa": alfa, "case_worker": case_worker, **decisions}


def facts(bergen) -> list[tuple]:
    return sorted(Fact.objects.filter(municipality=bergen).values_list())


def test_the_daily_task_ends_it_on_its_last_day(lapsed, bergen):
    before = facts(bergen)
    with tenant_context(bergen):
        # Past its last day it takes no new provider, though nobody has ended it yet.
        for name in ("Lapsed", "Waiting"):
            with refused(RecipientError.ENDED):
                services.choose_provider(
                    by=lapsed["case_worker"], decision=lapsed[name], approval=None, how="brev"
                )
        # The hourly deadline sweep gives no provider to a decision past its last day.
        assert services.run_deadline_sweep() == 0
        assert not Assignment.objects.filter(decision=lapsed["Waiting"]).exists()

    assert tasks.end_expired_decisions()[bergen.schema_name] == 2

    with tenant_context(bergen):
        for name in ("Lapsed", "Waiting", "Running"):
            lapsed[name].refresh_from_db()
        assert (lapsed["Lapsed"].status, lapsed["Lapsed"].valid_to) == (
            DecisionStatus.ENDED, LAST_DAY,
        )  # fmt: skip
        assert lapsed["Waiting"].status == DecisionStatus.ENDED
        assert lapsed["Running"].status == DecisionStatus.SERVED
        # The assignment ends on the decision's last day, not the day the task ran.
        assert lapsed["Lapsed"].assignments.get().ends_on == LAST_DAY
        assert lapsed["Running"].assignments.get().ends_on is None
        expired = Event.objects.filter(action="decision.expired").order_by("subject_id")
        assert [(e.subject_id, e.actor_kind, e.actor_id) for e in expired] == [
            (str(lapsed["Lapsed"].pk), "system", None),
            (str(lapsed["Waiting"].pk), "system", None),
        ]
        # The supplier's list of running assignments keeps only the running decision.
        listed = selectors.assignments_for_suppliers([lapsed["alfa"].supplier_id])
        assert [a.decision_id for a in listed] == [lapsed["Running"].pk]
    supplier_user = make_user(Role.SUPPLIER_MEMBER, supplier=lapsed["alfa"].supplier)
    page = site_client("bergen", supplier_user).get("/oppdrag/").content.decode()
    assert "Running Hansen" in page and "Lapsed Hansen" not in page
    with tenant_context(bergen):
        # Counted once: the figures said ended from its last day already.
        assert reconcile_current() == []
    assert facts(bergen) == before

    assert tasks.end_expired_decisions()[bergen.schema_name] == 0


def test_a_decision_with_days_left_does_not_expire(lapsed, bergen):
    with tenant_context(bergen):
        running = lapsed["Running"]
        with refused(RecipientError.DECISION_RUNNING):
            services.expire_decision(decision=running)
        services.update_decision(
            by=lapsed["case_worker"], decision=running, valid_to=timezone.localdate()
        )
        # Its last day is today: it runs until tomorrow (Lapsed and Waiting end now).
        assert services.end_expired_decisions() == 2
        assert not Event.objects.filter(subject_id=str(running.pk), action="decision.expired")
        running.refresh_from_db()
        assert running.status == DecisionStatus.SERVED
        assert services.end_expired_decisions(today=timezone.localdate() + ONE_DAY) == 1
        running.refresh_from_db()
        assert (running.status, running.assignments.get().ends_on) == (
            DecisionStatus.ENDED, timezone.localdate(),
        )  # fmt: skip


def test_an_ended_decision_is_not_expired_again(lapsed, bergen):
    with tenant_context(bergen):
        services.annul_decision(
            by=lapsed["case_worker"], decision=lapsed["Waiting"], reason="Registrert ved en feil."
        )
        with refused(RecipientError.DECISION_CLOSED):
            services.expire_decision(decision=lapsed["Waiting"])
        assert services.end_expired_decisions() == 1
        lapsed["Waiting"].refresh_from_db()
        assert lapsed["Waiting"].status == DecisionStatus.ANNULLED
        assert reconcile_current() == []


def test_beat_ends_expired_decisions_daily_before_the_reconciliation():
    from celery.schedules import crontab
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["end-expired-decisions"]
    assert entry["task"] == tasks.end_expired_decisions.name
    assert entry["schedule"] == crontab(hour=0, minute=20)
    reconcile = settings.CELERY_BEAT_SCHEDULE["reconcile-statistics"]["schedule"]
    assert reconcile == crontab(hour=3, minute=15)

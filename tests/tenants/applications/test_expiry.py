"""An approval whose period (`valid_until`) has run out ends as an ordinary end does: the
daily task ends it (trail, event, recipients asked to choose again), and the statistics count
it ended from the day it expired, before and after the task alike."""

import datetime

import pytest
from django.db.models import Sum
from django.utils import timezone

from fritt.accounts.roles import Role
from fritt.events.models import Event
from fritt.tenancy.schemas import in_municipality
from public_site.catalogue.models import ServiceType
from public_site.statistics import projection
from public_site.statistics.models import Fact, SchemeFact
from public_site.statistics.reconcile import reconcile_current
from public_site.statistics.selectors import Filters
from public_site.statistics.tables import Dashboard
from tenants.applications import counting, tasks
from tenants.applications.models import (
    Approval,
    ApprovalAction,
    ApprovalEvent,
    ApprovalStatus,
)
from tenants.recipients import services as recipient_services
from tenants.recipients.models import DecisionStatus
from tenants.recipients.services.rechoice import RECHOICE_REQUESTED
from tests.factories import approve, make_user, new_decision, new_recipient, published

THIS_MONTH = timezone.localdate().replace(day=1)
LAST_DAY = THIS_MONTH - datetime.timedelta(days=1)  # valid through the last month's end
EXPIRED_AT = timezone.make_aware(datetime.datetime.combine(THIS_MONTH, datetime.time.min))
APPROVED_AT = EXPIRED_AT - datetime.timedelta(days=40)
APPROVED_MONTH = APPROVED_AT.date().replace(day=1)


def approved(scheme, name, officer, *, valid_until):
    """An approval made 40 days ago for a period, counted as the approve service counts it."""
    approval = approve(scheme, name)
    projection.application_received(application=approval.application)
    Approval.objects.filter(pk=approval.pk).update(valid_until=valid_until)
    approval.refresh_from_db()
    with counting.counted(approval, new=True):
        event = ApprovalEvent.objects.create(
            approval=approval, action=ApprovalAction.APPROVED, by=officer
        )
        ApprovalEvent.objects.filter(pk=event.pk).update(at=APPROVED_AT)
    return approval


@pytest.fixture
def market(bergen):
    """Bergen: Alfa approved until the end of last month, serving one recipient; Beta without
    an end; Gamma until next year."""
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=bergen)
    case_worker = make_user(Role.CASE_WORKER, municipality=bergen)
    service = ServiceType.objects.get(code="praktisk-bistand")
    with in_municipality(bergen):
        scheme = published(by=officer)
        alfa = approved(scheme, "Alfa Omsorg AS", officer, valid_until=LAST_DAY)
        approved(scheme, "Beta Hjemmehjelp AS", officer, valid_until=None)
        approved(
            scheme, "Gamma Assistanse AS", officer,
            valid_until=THIS_MONTH.replace(year=THIS_MONTH.year + 1),
        )  # fmt: skip
        decision = new_decision(case_worker, new_recipient(case_worker), service)
        recipient_services.choose_provider(
            by=case_worker, decision=decision, approval=alfa, how="telefon"
        )
    return {"bergen": bergen, "officer": officer, "scheme": scheme, "alfa": alfa,
            "decision": decision, "service": service}  # fmt: skip


def column(bergen, name, month=None, *, upto=THIS_MONTH):
    """A column of Bergen's facts: in one month, or summed up to this month (or all)."""
    facts = Fact.objects.filter(municipality=bergen)
    if month is not None:
        facts = facts.filter(month=month)
    elif upto is not None:
        facts = facts.filter(month__lte=upto)
    return facts.aggregate(n=Sum(name))["n"] or 0


def suppliers_this_month(bergen, scheme):
    """Active approvals in the scheme at this month's end (the scheme facts summed)."""
    facts = SchemeFact.objects.filter(
        municipality=bergen, scheme_id=scheme.pk, month__lte=THIS_MONTH
    )
    return facts.aggregate(n=Sum("suppliers"))["n"]


def test_the_figures_count_an_expired_approval_as_ended_before_the_task_runs(market):
    bergen = market["bergen"]
    assert market["alfa"].status == ApprovalStatus.ACTIVE  # no task has run
    assert column(bergen, "suppliers_active", APPROVED_MONTH) == 3
    assert column(bergen, "suppliers_active", THIS_MONTH) == -1
    assert column(bergen, "approvals_ended", THIS_MONTH) == 1
    assert column(bergen, "approvals_ended") == 1
    # Gamma's period runs out next year: counted then.
    assert column(bergen, "approvals_ended", upto=None) == 2
    assert suppliers_this_month(bergen, market["scheme"]) == 2
    # The nightly reconciliation agrees, and puts it back when the facts are lost.
    with in_municipality(bergen):
        assert reconcile_current() == []
        Fact.objects.filter(municipality=bergen).delete()
        SchemeFact.objects.filter(host=bergen).delete()
        assert reconcile_current() != []
    assert column(bergen, "suppliers_active") == 2
    assert column(bergen, "approvals_ended", THIS_MONTH) == 1
    assert suppliers_this_month(bergen, market["scheme"]) == 2


def test_the_daily_task_ends_it_like_an_ordinary_end(market):
    bergen, alfa, decision = market["bergen"], market["alfa"], market["decision"]

    assert tasks.end_expired_approvals()[bergen.schema_name] == 1

    with in_municipality(bergen):
        alfa.refresh_from_db()
        decision.refresh_from_db()
        assert (alfa.status, alfa.ended_at) == (ApprovalStatus.ENDED, EXPIRED_AT)
        ended = alfa.events.get(action=ApprovalAction.ENDED)
        assert (ended.at, ended.by) == (EXPIRED_AT, market["officer"])
        assert Approval.objects.filter(status=ApprovalStatus.ACTIVE).count() == 2
        expired = Event.objects.get(action="approval.expired")
        assert (expired.subject_id, expired.actor_kind) == (str(alfa.pk), "system")
        # Those it served are asked to choose again, as after an ordinary end.
        assert decision.status == DecisionStatus.AWAITING_CHOICE
        assert Event.objects.filter(action=RECHOICE_REQUESTED).count() == 1
        # Counted once: the end was in the figures already, the re-choice is new.
        assert column(bergen, "approvals_ended") == 1
        assert column(bergen, "approvals_ended", THIS_MONTH) == 1
        assert column(bergen, "suppliers_active") == 2
        assert column(bergen, "rechoices") == 1
        assert suppliers_this_month(bergen, market["scheme"]) == 2
        assert reconcile_current() == []

    assert tasks.end_expired_approvals()[bergen.schema_name] == 0
    # The supplier market shows it among the approvals ended this month.
    board = Dashboard.read(
        Filters(area=f"k{bergen.kommunenummer}", service=market["service"].pk,
                start=THIS_MONTH, end=THIS_MONTH)
    )  # fmt: skip
    shown = {row[0].value: row[-1].public for row in board.market().rows}
    assert shown["Godkjenninger avsluttet (oppsagt eller utløpt)"] == 1


def test_ending_with_notice_replaces_the_end_of_the_period(market):
    """An approval ended with notice before its period runs out counts ended once, then."""
    from tenants.applications.services import end_approval

    bergen = market["bergen"]
    with in_municipality(bergen):
        gamma = Approval.objects.get(supplier__name="Gamma Assistanse AS")
        end_approval(approval=gamma, by=market["officer"], reasons="Oppsigelse")
        assert column(bergen, "approvals_ended") == 2
        assert column(bergen, "approvals_ended", THIS_MONTH) == 2
        assert column(bergen, "suppliers_active") == 1
        # The end the period would have had next year is no longer counted.
        assert column(bergen, "approvals_ended", upto=None) == 2
        assert reconcile_current() == []


def test_beat_runs_the_expiry_daily_before_the_reconciliation():
    from celery.schedules import crontab
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["end-expired-approvals"]
    assert entry["task"] == tasks.end_expired_approvals.name
    assert entry["schedule"] == crontab(hour=0, minute=30)
    reconcile = settings.CELERY_BEAT_SCHEDULE["reconcile-statistics"]["schedule"]
    assert reconcile == crontab(hour=3, minute=15)

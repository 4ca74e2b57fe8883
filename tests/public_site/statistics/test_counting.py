"""Counting as things take effect: a switch in the month it starts, a cancelled or replaced
switch never, a decision and its provider counted down when the decision ends or is annulled,
or when its last day passes without anyone ending it; and the nightly reconciliation,
counting with the same rules, finds nothing to repair."""

import datetime

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.db.models import Sum
from django.utils import timezone
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from public_site.catalogue.models import ServiceType
from public_site.statistics.models import Fact
from public_site.statistics.projection import month_of
from public_site.statistics.reconcile import reconcile_current
from tenants.recipients import services as recipient_services
from tenants.recipients.models import DecisionStatus
from tenants.schemes.models import Scheme
from tests.factories import approve, make_user, new_decision, new_recipient, published

NOTICE = 40  # days: a switch always takes effect in a later month than it is made
TODAY = timezone.localdate()
THIS_MONTH = month_of(TODAY)
SWITCH_MONTH = month_of(TODAY + datetime.timedelta(days=NOTICE))


def level(municipality, column, *, at):
    """A level at the end of the month `at` (the running sum of its changes)."""
    facts = Fact.objects.filter(municipality=municipality, month__lte=at)
    return facts.aggregate(n=Sum(column))["n"] or 0


def flow(municipality, column, *, month):
    facts = Fact.objects.filter(municipality=municipality, month=month)
    return facts.aggregate(n=Sum(column))["n"] or 0


@pytest.fixture
def served(bergen):
    """Bergen, praktisk bistand: one decision served by the municipal provider."""
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=bergen)
    case_worker = make_user(Role.CASE_WORKER, municipality=bergen)
    service = ServiceType.objects.get(code="praktisk-bistand")
    with tenant_context(bergen):
        scheme = published(by=officer)
        Scheme.objects.filter(pk=scheme.pk).update(switching_notice_days=NOTICE)
        supplier = approve(scheme, "Alfa Omsorg AS")
        other = approve(scheme, "Beta Hjemmehjelp AS")
        decision = new_decision(case_worker, new_recipient(case_worker), service)
        recipient_services.choose_provider(
            by=case_worker, decision=decision, approval=None, how="telefon"
        )
        reconcile_current()  # the factory's approvals are made without their counting
    return {
        "case_worker": case_worker, "decision": decision, "supplier": supplier, "other": other,
    }  # fmt: skip


def test_a_switch_counts_in_the_month_it_takes_effect(served, bergen):
    with tenant_context(bergen):
        recipient_services.choose_provider(
            by=served["case_worker"], decision=served["decision"], approval=served["supplier"],
            how="telefon",
        )  # fmt: skip
        assert reconcile_current() == []
    assert flow(bergen, "switches", month=THIS_MONTH) == 0
    assert flow(bergen, "switches", month=SWITCH_MONTH) == 1
    assert flow(bergen, "chosen_case_worker", month=THIS_MONTH) == 1
    assert flow(bergen, "chosen_case_worker", month=SWITCH_MONTH) == 1
    # Until then the municipal provider serves the recipient.
    assert level(bergen, "served_municipal", at=THIS_MONTH) == 1
    assert level(bergen, "served_private", at=THIS_MONTH) == 0
    assert level(bergen, "served_municipal", at=SWITCH_MONTH) == 0
    assert level(bergen, "served_private", at=SWITCH_MONTH) == 1


def test_a_cancelled_switch_never_counts(served, bergen):
    with tenant_context(bergen):
        recipient_services.choose_provider(
            by=served["case_worker"], decision=served["decision"], approval=served["supplier"],
            how="telefon",
        )  # fmt: skip
        recipient_services.cancel_switch(by=served["case_worker"], decision=served["decision"])
        assert reconcile_current() == []
    assert Fact.objects.filter(municipality=bergen).aggregate(n=Sum("switches"))["n"] == 0
    assert level(bergen, "served_municipal", at=SWITCH_MONTH) == 1
    assert level(bergen, "served_private", at=SWITCH_MONTH) == 0
    assert flow(bergen, "chosen_case_worker", month=SWITCH_MONTH) == 0


def test_a_switch_replaced_before_it_starts_counts_once(served, bergen):
    with tenant_context(bergen):
        for approval in (served["supplier"], served["other"]):
            recipient_services.choose_provider(
                by=served["case_worker"], decision=served["decision"], approval=approval,
                how="telefon",
            )  # fmt: skip
        assert reconcile_current() == []
    assert Fact.objects.filter(municipality=bergen).aggregate(n=Sum("switches"))["n"] == 1
    assert level(bergen, "served_private", at=SWITCH_MONTH) == 1
    assert level(bergen, "served_municipal", at=SWITCH_MONTH) == 0


def test_an_ended_decision_is_counted_down_in_the_month_it_ends(served, bergen):
    ends_on = TODAY + datetime.timedelta(days=NOTICE)
    with tenant_context(bergen):
        recipient_services.end_decision(
            by=served["case_worker"], decision=served["decision"], ends_on=ends_on
        )
        assert reconcile_current() == []
    assert level(bergen, "decisions", at=THIS_MONTH) == 1
    assert level(bergen, "served_municipal", at=THIS_MONTH) == 1
    assert level(bergen, "decisions", at=month_of(ends_on)) == 0
    assert level(bergen, "served_municipal", at=month_of(ends_on)) == 0


def test_an_annulled_decision_is_counted_down_at_once(served, bergen):
    with tenant_context(bergen):
        recipient_services.annul_decision(
            by=served["case_worker"], decision=served["decision"], reason="Feilregistrert."
        )
        assert reconcile_current() == []
    assert level(bergen, "decisions", at=THIS_MONTH) == 0
    assert level(bergen, "served_municipal", at=THIS_MONTH) == 0
    assert level(bergen, "served_private", at=THIS_MONTH) == 0


def test_a_decision_past_its_last_day_stops_counting_then_though_nobody_ended_it(bergen):
    """Made on the 10th two months ago, valid through the 15th of last month and served by
    the municipal provider from the start; nobody ends it and no task runs."""
    made_in, last_month = THIS_MONTH - relativedelta(months=2), THIS_MONTH - relativedelta(months=1)
    last_day = last_month.replace(day=15)
    made = timezone.make_aware(
        datetime.datetime.combine(made_in.replace(day=10), datetime.time(12))
    )
    service = ServiceType.objects.get(code="praktisk-bistand")
    with time_machine.travel(made, tick=False), tenant_context(bergen):
        case_worker = make_user(Role.CASE_WORKER, municipality=bergen)
        decision = new_decision(case_worker, new_recipient(case_worker), service, valid_to=last_day)
        recipient_services.choose_provider(
            by=case_worker, decision=decision, approval=None, how="telefon"
        )
    with tenant_context(bergen):
        decision.refresh_from_db()
        assert (decision.status, decision.valid_to) == (DecisionStatus.SERVED, last_day)
        assert decision.assignments.get().ends_on is None
    # Served at the end of the month it was made; not at the end of the month of its last day.
    assert level(bergen, "served_municipal", at=made_in) == 1
    assert flow(bergen, "served_municipal", month=last_month) == -1
    assert level(bergen, "served_municipal", at=last_month) == 0
    assert level(bergen, "served_municipal", at=THIS_MONTH) == 0
    assert level(bergen, "decisions", at=made_in) == 1
    assert level(bergen, "decisions", at=last_month) == 0
    assert level(bergen, "served_private", at=THIS_MONTH) == 0
    # The reconciliation counts the same.
    with tenant_context(bergen):
        assert reconcile_current() == []

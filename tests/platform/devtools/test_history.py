"""The demo's history generator: two years made through the real services, counted by the
live statistics exactly as the nightly recount counts them, and not made twice."""

from __future__ import annotations

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from fritt.devtools import history
from fritt.tenancy.schemas import in_municipality
from public_site.statistics.models import Fact
from public_site.statistics.tasks import reconcile_statistics
from tenants.applications.models import Approval
from tenants.recipients.models import Assignment, ServiceDecision

pytestmark = pytest.mark.django_db


def test_two_years_of_history_through_the_services_agree_with_the_recount(eidfjord, ulvik):
    made = history.fill(["4619", "4620"], seed=7)

    assert made.made == 2 * history.FEWEST_RECIPIENTS and made.done == made.total
    start = history.history_start()
    months = set()
    for municipality in (eidfjord, ulvik):
        with in_municipality(municipality):
            decisions = ServiceDecision.objects.filter(
                external_reference__startswith=history.REFERENCE_PREFIX
            )
            assert decisions.count() == history.FEWEST_RECIPIENTS
            assert all(d.created_at >= start for d in decisions)
            months |= {timezone.localtime(d.created_at).strftime("%Y-%m") for d in decisions}
            # Everyone past the choice deadline has a provider, by choice or the default rule.
            overdue = decisions.filter(
                status="awaiting_choice",
                choice_deadline__lt=timezone.localdate() - relativedelta(days=7),
            )
            assert not overdue.exists()
            served = decisions.exclude(status="awaiting_choice")
            assert set(
                Assignment.objects.filter(decision__in=served).values_list("decision_id", flat=True)
            ) == set(served.values_list("pk", flat=True))
    assert len(months) >= 6, months  # spread over the two years, not made today
    past_months = set(
        Fact.objects.filter(municipality__in=[eidfjord, ulvik], decisions__gt=0)
        .exclude(month=timezone.localdate().replace(day=1))
        .values_list("month", flat=True)
    )
    assert len(past_months) >= 6
    # The services counted as they went; the nightly recount finds nothing to repair.
    assert reconcile_statistics() == {"4601": 0, "5001": 0, "4619": 0, "4620": 0}


def test_a_second_run_makes_nothing(eidfjord, ulvik):
    history.fill(["4620"], seed=7)
    with in_municipality(ulvik):
        before = ServiceDecision.objects.count()

    again = history.fill(["4620"], seed=7)

    assert again.made == 0
    with in_municipality(ulvik):
        assert ServiceDecision.objects.count() == before


def test_a_city_gets_a_supplier_market_and_one_revocation(bergen):
    history.fill(["4601"], per=40_000, fewest=3, seed=11)

    with in_municipality(bergen):
        approvals = Approval.objects.all()
        assert approvals.count() >= 3
        assert approvals.filter(status="revoked").count() == 1
        # The first suppliers came when the scheme opened two years ago, not today.
        first = min(a.valid_from for a in approvals)
        assert first < (history.history_start() + relativedelta(months=4)).date()
    assert set(reconcile_statistics().values()) == {0}


def test_a_second_fill_reaches_more_municipalities_with_the_same_chains(bergen, trondheim):
    # The benchmark fills some municipalities and later the rest: the national chains then
    # apply again on dates before their first documents were uploaded.
    first = history.fill(["4601"], per=40_000, fewest=3, seed=11)

    more = history.fill(["4601", "5001"], per=40_000, fewest=3, seed=11)

    with in_municipality(bergen):
        assert ServiceDecision.objects.count() == first.made  # Bergen's are not made twice
    with in_municipality(trondheim):
        assert ServiceDecision.objects.count() == more.made > 0
        assert Approval.objects.filter(supplier__name__in=history.NATIONAL_CHAINS).exists()
    assert set(reconcile_statistics().values()) == {0}

"""Delivered hours: the nightly reconciliation sums the settlement's reported lines per
municipality, service, month and kind of provider, and the dashboard shows them through the
same suppression as the recipients they were delivered to."""

import datetime as dt

from django_tenants.utils import tenant_context

from public_site.statistics.models import Fact
from public_site.statistics.reconcile import reconcile_current
from public_site.statistics.selectors import Filters
from public_site.statistics.tables import Dashboard
from tenants.settlement import services
from tests.tenants.settlement.conftest import case_worker, month_world, officer  # noqa: F401

OCTOBER = dt.date(2026, 10, 1)


def line(assignment, day, start, end):
    return services.LineInput(assignment.pk, day, dt.time(*start), dt.time(*end), "Rengjøring")


def test_hours_are_summed_nightly_by_kind_of_provider_and_suppressed(request, bergen):
    w = request.getfixturevalue("month_world")
    with tenant_context(bergen):
        services.report_lines(
            by=w["alfa_user"], source="form", today=dt.date(2026, 11, 30),
            lines=[line(w["a1"], dt.date(2026, 10, 5), (9,), (11,)),
                   line(w["a2"], dt.date(2026, 10, 6), (9,), (10, 30))],
        )  # fmt: skip
        drifts = reconcile_current()
    # Hours are the nightly task's to write, not drift in what the services count.
    assert not {d.column for d in drifts} & {"minutes_private", "minutes_municipal"}
    fact = Fact.objects.get(
        municipality=bergen, service_type=w["scheme"].service_type, month=OCTOBER
    )
    assert (fact.minutes_private, fact.minutes_municipal) == (210, 0)

    board = Dashboard.read(Filters(start=OCTOBER, end=dt.date(2026, 11, 1)))
    assert board.period_sum("minutes_private") == 210
    hours = {row[0].value: [c.public for c in row[1:]] for row in board.hours().rows}
    # Three recipients, all served privately: "<5", so their hours are hidden too.
    assert hours["Privat leverandør"] == ["x", "x"]
    assert hours["I alt"][0] == "x"
    with tenant_context(bergen):
        assert {d.column for d in reconcile_current()} == set()

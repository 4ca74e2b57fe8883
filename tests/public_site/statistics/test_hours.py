"""Delivered hours: the nightly reconciliation sums the settlement's reported lines per
municipality, service, month and kind of provider, and the dashboard shows them through the
same suppression as the recipients they were delivered to."""

import csv
import datetime as dt
import io

from dateutil.relativedelta import relativedelta
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from fritt.accounts.roles import Role
from public_site.catalogue.models import ServiceType
from public_site.statistics.models import Fact
from public_site.statistics.projection import month_of
from public_site.statistics.reconcile import reconcile_current
from public_site.statistics.selectors import Filters
from public_site.statistics.tables import Dashboard
from tenants.settlement import services
from tests.factories import make_user, site_client
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


def test_hours_month_by_month_in_the_series_the_chart_the_exports_and_the_api(db, bergen):
    service = ServiceType.objects.get(code="praktisk-bistand")
    first = month_of(None) - relativedelta(months=3)
    second, third = first + relativedelta(months=1), first + relativedelta(months=2)
    # Six recipients served by the municipal provider and seven privately; then four of the
    # private ones stop (three left: "<5", and the municipal six with it, "x").
    Fact.objects.create(
        municipality=bergen, service_type=service, month=first, served_municipal=6,
        served_private=7, minutes_municipal=600, minutes_private=930,
    )  # fmt: skip
    Fact.objects.create(
        municipality=bergen, service_type=service, month=second, served_private=-4,
        minutes_municipal=300, minutes_private=90,
    )  # fmt: skip
    filters = Filters(start=first, end=third)
    table = Dashboard.read(filters).hours_series()
    assert [c.key for c in table.columns] == ["month", "municipal", "private", "total"]
    expected = [
        [f"{first:%Y-%m}", 10.0, 15.5, 25.5],
        [f"{second:%Y-%m}", "x", "x", 6.5],  # the hours follow their recipients' cells
        [f"{third:%Y-%m}", "x", "x", 0.0],
    ]
    assert [[c.public for c in row] for row in table.rows] == expected

    analyst = make_user(Role.MINISTRY_ANALYST)
    client = site_client(None, analyst)
    query = f"fra={first:%Y-%m}&til={third:%Y-%m}"
    api = client.get(f"/api/v1/statistikk/?{query}").json()
    rows = next(t for t in api["tables"] if t["key"] == "hours_series")["rows"]
    assert [list(r.values()) for r in rows] == expected
    response = client.get(f"/statistikk/eksport/?tabell=hours_series&format=csv&{query}")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[1:4] == [[str(v) for v in row] for row in expected]
    response = client.get(f"/statistikk/eksport/?tabell=hours_series&format=xlsx&{query}")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [sheet.cell(row=2, column=c).value for c in range(1, 5)] == expected[0]
    page = client.get(f"/statistikk/?{query}").content.decode()
    assert 'id="chart-hours-municipal-tittel"' in page and 'id="tabell-hours_series"' in page
    # The public gets neither the hours nor their chart.
    public = site_client().get(f"/api/v1/statistikk/?{query}").json()
    assert "hours_series" not in {t["key"] for t in public["tables"]}
    assert "chart-hours" not in site_client().get(f"/tall/?{query}").content.decode()

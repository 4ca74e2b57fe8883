"""Suppliers per scheme in past months: a joint scheme counts, with its host's approvals as
they stood then, in every municipality taking part then, counted as things happen and
recomputed the same way by the nightly reconciliation."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from public_site.catalogue.models import ServiceType
from public_site.statistics import projection
from public_site.statistics.models import SchemeFact
from public_site.statistics.reconcile import reconcile_current
from public_site.statistics.schemes import scheme_deltas
from public_site.statistics.selectors import Filters, SchemeMonth
from public_site.statistics.tables import Dashboard
from tenants.applications import counting as approval_counting
from tenants.applications import services as application_services
from tenants.applications.models import ApprovalAction, ApprovalEvent
from tests.factories import (
    accept_invitations,
    approve,
    make_user,
    published,
    published_joint,
    tenth_at_noon,
)

THIS_MONTH = projection.month_of(None)
MONTHS = [THIS_MONTH - relativedelta(months=n) for n in (4, 3, 2, 1)]
APPROVALS = "Godkjente leverandører (aktive godkjenninger)"


def approved(scheme, name, officer):
    """An approval as the approve service leaves it: its event and its count."""
    approval = approve(scheme, name)
    projection.application_received(application=approval.application)
    with approval_counting.counted(approval, new=True):
        ApprovalEvent.objects.create(approval=approval, action=ApprovalAction.APPROVED, by=officer)
    return approval


@pytest.fixture
def history(eidfjord, ulvik, bergen, monkeypatch):
    """Praktisk bistand over four past months, done then through the services:
    1. Eidfjord publishes a joint scheme (inviting Ulvik) with Alfa, Beta and Gamma; Bergen
       its own scheme with Delta.
    2. Ulvik accepts and takes part.
    3. Beta is suspended.
    4. Gamma is revoked."""
    moments = [tenth_at_noon(m) for m in MONTHS]
    clock = {"now": moments[0]}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=eidfjord)
    bergen_officer = make_user(Role.MUNICIPAL_OFFICER, municipality=bergen)
    joint = published_joint(by=officer, host=eidfjord, participants=[ulvik])
    with tenant_context(eidfjord):
        _alfa, beta, gamma = (approved(joint, n, officer) for n in ("Alfa", "Beta", "Gamma"))
    with tenant_context(bergen):
        own = published(by=bergen_officer, title="Praktisk bistand i Bergen")
        approved(own, "Delta", bergen_officer)
    clock["now"] = moments[1]
    accept_invitations(host=eidfjord, participant=ulvik)
    clock["now"] = moments[2]
    with tenant_context(eidfjord):
        application_services.suspend_approval(approval=beta, by=officer, reasons="Tilsyn.")
    clock["now"] = moments[3]
    with tenant_context(eidfjord):
        application_services.revoke_approval(approval=gamma, by=officer, reasons="Brudd.")
    monkeypatch.undo()
    return {"service": ServiceType.objects.get(code="praktisk-bistand"), "joint": joint}


def series(filters):
    table = Dashboard.read(filters).series()
    keys = [c.key for c in table.columns]
    return {row[0].value: {k: row[keys.index(k)].public for k in keys[1:6]} for row in table.rows}


def row(municipalities, schemes, suppliers, median, below_two):
    return {
        "municipalities": municipalities, "schemes": schemes, "suppliers": suppliers,
        "suppliers_per_scheme": median, "schemes_below_two": below_two,
    }  # fmt: skip


def test_a_joint_scheme_counts_in_past_months_where_it_counted_then(history, ulvik):
    service = history["service"].pk
    months = series(Filters(service=service, start=MONTHS[0], end=MONTHS[-1]))
    assert months == {
        # Eidfjord (3) and Bergen (1); Ulvik has not answered yet.
        f"{MONTHS[0]:%Y-%m}": row(2, 2, 4, 2.0, 1),
        # Ulvik takes part: the joint scheme's three count there too, its approvals once.
        f"{MONTHS[1]:%Y-%m}": row(3, 3, 4, 3.0, 1),
        f"{MONTHS[2]:%Y-%m}": row(3, 3, 3, 2.0, 1),  # Beta suspended
        f"{MONTHS[3]:%Y-%m}": row(3, 3, 2, 1.0, 3),  # Gamma revoked
    }
    ulvik_only = series(
        Filters(area=f"k{ulvik.kommunenummer}", service=service, start=MONTHS[0], end=MONTHS[1])
    )
    assert list(ulvik_only.values()) == [row(0, 0, 0, None, 0), row(1, 1, 3, 3.0, 0)]

    # A period ending in a past month reads the schemes as they stood at its end.
    board = Dashboard.read(Filters(service=service, start=MONTHS[0], end=MONTHS[2]))
    assert sorted(board.per_scheme()) == [1, 2, 2]
    market = {r[0].value: r[-1].public for r in board.market().rows}
    assert market["Ordninger som er kunngjort"] == 3
    assert market[APPROVALS] == 3
    assert market["Ordninger med færre enn to godkjente leverandører"] == 1
    municipalities = {r[0].value: r for r in board.per_municipality().rows}
    assert municipalities[ulvik.kommunenummer][3].value == "ja"
    assert municipalities[ulvik.kommunenummer][4].value == 2.0


def test_the_reconciliation_counts_past_months_the_same_and_repairs_them(history, eidfjord):
    with tenant_context(eidfjord):
        assert reconcile_current() == []
    broken = SchemeFact.objects.get(
        host=eidfjord, scheme_id=history["joint"].pk, municipality=eidfjord, month=MONTHS[2]
    )
    assert (broken.live, broken.suppliers) == (0, -1)
    SchemeFact.objects.filter(pk=broken.pk).update(suppliers=0)
    SchemeFact.objects.filter(host=eidfjord, month=MONTHS[1]).delete()
    with tenant_context(eidfjord):
        drifts = reconcile_current()
    assert sorted((d.month, d.column, d.stored, d.computed) for d in drifts) == [
        (MONTHS[1], "scheme_live", 0, 1),  # Ulvik's start, restored
        (MONTHS[1], "scheme_suppliers", 0, 3),
        (MONTHS[2], "scheme_suppliers", 0, -1),
    ]
    with tenant_context(eidfjord):
        assert reconcile_current() == []
    months = series(Filters(service=history["service"].pk, start=MONTHS[0], end=MONTHS[-1]))
    assert months[f"{MONTHS[2]:%Y-%m}"] == row(3, 3, 3, 2.0, 1)


def test_a_participation_counts_from_acceptance_to_the_end_of_its_notice():
    jan, feb, mar, apr, may = (datetime.date(2026, m, 1) for m in range(1, 6))
    deltas = scheme_deltas(
        host_id=1,
        published_on=datetime.date(2026, 1, 15),
        ended_on=datetime.date(2026, 5, 2),
        approval_events=[
            (datetime.date(2026, 1, 16), 10, "approved"),
            (datetime.date(2026, 1, 20), 11, "approved"),
            (datetime.date(2026, 3, 3), 11, "suspended"),
            (datetime.date(2026, 4, 3), 11, "reinstated"),
        ],
        participations=[(2, datetime.date(2026, 2, 1), datetime.date(2026, 4, 30))],
    )
    assert deltas == {
        (1, jan): {"live": 1, "suppliers": 2},
        (2, feb): {"live": 1, "suppliers": 2},
        (1, mar): {"live": 0, "suppliers": -1},
        (2, mar): {"live": 0, "suppliers": -1},
        (1, apr): {"live": 0, "suppliers": 1},
        (2, apr): {"live": -1, "suppliers": -1},  # the notice runs out in April
        (1, may): {"live": -1, "suppliers": -2},  # the scheme ends
    }
    assert (
        scheme_deltas(
            host_id=1, published_on=None, ended_on=None, approval_events=[], participations=[]
        )
        == {}
    )


def test_the_median_of_suppliers_per_scheme_from_counts_is_the_median():
    assert SchemeMonth(by_suppliers={1: 1, 2: 2, 3: 1}).median == 2.0
    assert SchemeMonth(by_suppliers={1: 1, 2: 1}).median == 1.5
    assert SchemeMonth(by_suppliers={0: 3, 5: 1}).median == 0.0
    assert SchemeMonth(by_suppliers={0: 2, 1: 1, 4: 1}).below_two == 3
    assert SchemeMonth().median is None

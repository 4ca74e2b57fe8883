"""Suppliers are counted scheme by scheme, and a joint scheme counts in every municipality
taking part in it, not only in its host."""

from django.utils import timezone
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from public_site.announcements.projection import project_approved_supplier
from public_site.statistics.selectors import Filters
from public_site.statistics.tables import Dashboard
from tenants.schemes import services as scheme_services
from tests.factories import accept_invitations, approve, complete_draft, make_user

APPROVALS = "Godkjente leverandører (aktive godkjenninger)"


def approved(scheme, name, host):
    approval = approve(scheme, name)
    project_approved_supplier(
        host=host, scheme_id=scheme.pk, supplier_id=approval.supplier_id, active=True
    )
    return approval


def figures(table):
    return {row[0].value: row[-1].public for row in table.rows}


def test_a_joint_scheme_counts_in_every_municipality_taking_part(eidfjord, ulvik, bergen):
    host_officer = make_user(Role.MUNICIPAL_OFFICER, municipality=eidfjord)
    with tenant_context(eidfjord):
        joint = complete_draft(by=host_officer, title="Praktisk bistand i Hardanger")
        scheme_services.set_participants(scheme=joint, by=host_officer, municipalities=[ulvik])
        scheme_services.publish_scheme(scheme=joint, by=host_officer)
        for name in ("Alfa AS", "Beta AS", "Gamma AS"):
            approved(joint, name, eidfjord)
    accept_invitations(host=eidfjord, participant=ulvik)
    # Bergen: two schemes for the same service, with one and with two suppliers.
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=bergen)
    with tenant_context(bergen):
        small = complete_draft(by=officer, title="Praktisk bistand i Arna")
        scheme_services.publish_scheme(scheme=small, by=officer)
        approved(small, "Delta AS", bergen)
        big = complete_draft(by=officer, title="Praktisk bistand i sentrum")
        scheme_services.publish_scheme(scheme=big, by=officer)
        for name in ("Epsilon AS", "Zeta AS"):
            approved(big, name, bergen)

    board = Dashboard.read(Filters())
    rows = {row[0].value: row for row in board.per_municipality().rows}
    for municipality in (eidfjord, ulvik):
        assert rows[municipality.kommunenummer][3].value == "ja"
        assert rows[municipality.kommunenummer][4].value == 3.0
    assert rows[bergen.kommunenummer][4].value == 1.5  # three suppliers in two schemes
    assert sorted(board.per_scheme()) == [1, 2, 3, 3]
    market = figures(board.market())
    assert market["Ordninger som er kunngjort"] == 4
    assert market[APPROVALS] == 6  # the joint scheme's three approvals once
    assert market["Ordninger med færre enn to godkjente leverandører"] == 1
    assert market["Leverandører per ordning, median"] == 2.5
    assert figures(board.distribution()) == {"0": 0, "1": 1, "2–3": 3, "4–5": 0, "6+": 0}
    months = {row[0].value: row for row in board.series().rows}
    this_month = months[timezone.localdate().strftime("%Y-%m")]
    assert [c.value for c in this_month[1:4]] == [3, 4, 6]

    county = Dashboard.read(Filters(area=f"f{ulvik.county_id}"))
    assert figures(county.uptake())  # the area is read
    ulvik_only = Dashboard.read(Filters(area=f"k{ulvik.kommunenummer}"))
    assert ulvik_only.per_scheme() == [3]
    assert figures(ulvik_only.market())[APPROVALS] == 3

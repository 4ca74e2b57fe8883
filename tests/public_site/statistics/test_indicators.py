"""Every indicator from the known scenario, exactly; the reconciliation; exports and API carry
the same suppressed figures."""

import csv
import datetime
import io

from django.utils import timezone
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from fritt.accounts.roles import Role
from fritt.events.models import Event
from public_site.statistics.models import Fact
from public_site.statistics.projection import month_of
from public_site.statistics.reconcile import reconcile_current
from public_site.statistics.selectors import Filters
from public_site.statistics.tables import Dashboard
from public_site.statistics.tasks import reconcile_statistics
from tests.factories import make_user, site_client

# The scenario's switch takes effect after the default notice period (14 days).
SWITCH_MONTH = month_of(timezone.localdate() + datetime.timedelta(days=14))


def figures(table):
    return {row[0].value: row[-1].public for row in table.rows}


def test_each_indicator_from_a_known_scenario(scenario, bergen):
    # Up to the month the switch takes effect (after the scheme's notice period).
    board = Dashboard.read(Filters(end=SWITCH_MONTH))
    uptake = {row[0].value: [c.public for c in row[1:]] for row in board.uptake().rows}
    name = scenario["service"].name
    assert uptake[name][:2] == [1, bergen.population]
    assert all(v[0] == 0 for k, v in uptake.items() if k != name)
    duty = [row[0].value for row in board.duty().rows]
    assert bergen.kommunenummer not in duty and "0301" in duty  # Oslo has no scheme here

    market = figures(board.market())
    assert market["Ordninger som er kunngjort"] == 1
    assert market["Godkjente leverandører (aktive godkjenninger)"] == 2
    assert market["Leverandører per ordning, median"] == 2.0
    assert market["Ordninger med færre enn to godkjente leverandører"] == 0
    assert market["Søknader mottatt"] == 4
    assert market["Søknader avslått"] == 1
    assert market["Søknader godkjent"] == 0
    assert market["Behandlingstid, median (dager)"] == 10
    assert market["Behandlingstid, 90-persentil (dager)"] == 10
    assert market["Andel avgjort innen fristen (%)"] == 0.0
    assert market["Suspensjoner"] == 1
    assert market["Tilbakekallinger"] == 0
    assert figures(board.distribution())["2–3"] == 1

    recipients = figures(board.recipients())
    assert recipients["Mottakere med vedtak i en tjeneste med fritt brukervalg"] == 12
    # 4 municipal is hidden; 7 private would give it away from the total 11, so it goes too.
    assert recipients["Betjent av kommunal egenregi"] == "<5"
    assert recipients["Betjent av privat leverandør"] == "x"
    assert recipients["Betjent i alt"] == 11
    assert recipients["Andel betjent av privat leverandør (%)"] == "x"
    assert recipients["Bytter i perioden"] == "<5"
    assert recipients["Nye valg fordi en godkjenning stanset"] == "<5"
    chosen = figures(board.how_chosen())
    assert chosen["Valg registrert av saksbehandler"] == 12 and chosen["I alt"] == 12

    quality = [[c.public for c in row] for row in board.quality().rows]
    assert quality[1][:3] == ["Klager", "Privat leverandør", "<5"]
    assert quality[3][:3] == ["Avvik", "Kommunal egenregi", "<5"]

    municipalities = {row[0].value: row for row in board.per_municipality().rows}
    assert municipalities[bergen.kommunenummer][3].value == "ja"
    assert municipalities[bergen.kommunenummer][4].value == 2.0
    assert municipalities["0301"][3].value == "nei"


def test_the_facts_agree_with_a_recomputation_and_drift_is_repaired(scenario, bergen):
    with tenant_context(bergen):
        assert reconcile_current() == []
    facts = Fact.objects.filter(municipality=bergen, service_type=scenario["service"])
    fact, switched = facts.get(month=month_of(None)), facts.get(month=SWITCH_MONTH)
    Fact.objects.filter(pk=fact.pk).update(suppliers_active=9)
    Fact.objects.filter(pk=switched.pk).update(switches=0)
    Fact.objects.create(municipality=bergen, service_type=None, month=fact.month.replace(year=2020))
    repaired = reconcile_statistics()
    assert repaired[bergen.kommunenummer] == 2
    fact.refresh_from_db()
    switched.refresh_from_db()
    assert fact.suppliers_active == 2 and switched.switches == 1
    with tenant_context(bergen):
        assert reconcile_current() == []
        repaired_event = Event.objects.get(action="statistics.repaired")
        assert repaired_event.data == {"cells": 2, "columns": ["suppliers_active", "switches"]}


def test_exports_and_api_carry_the_same_suppressed_figures(scenario):
    analyst = make_user(Role.MINISTRY_ANALYST)
    client = site_client(None, analyst)
    api = client.get("/api/v1/statistikk/").json()
    assert "NLOD" in api["licence"]
    recipients = next(t for t in api["tables"] if t["key"] == "recipients")
    api_values = [row["value"] for row in recipients["rows"]]
    assert api_values[1:4] == ["<5", "x", 11]

    response = client.get("/statistikk/eksport/?tabell=recipients&format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [r[1] for r in rows[2:5]] == ["<5", "x", "11"]
    assert "NLOD" in rows[-1][0]

    response = client.get("/statistikk/eksport/?tabell=recipients&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [sheet.cell(row=r, column=2).value for r in (3, 4, 5)] == ["<5", "x", 11]

    page = client.get("/statistikk/").content.decode()
    assert "&lt;5</abbr>" in page and ">x</abbr>" in page

    # The public gets only the non-personal tables.
    public = site_client().get("/api/v1/statistikk/").json()
    keys = {t["key"] for t in public["tables"]}
    assert "recipients" not in keys and "quality" not in keys and {"uptake", "market"} <= keys
    assert site_client().get("/tall/eksport/?tabell=recipients").status_code == 404
    assert site_client().get("/tall/eksport/?tabell=market&format=csv").status_code == 200


def test_the_map_has_every_municipality_with_a_name_a_value_and_a_drill_down(scenario, bergen):
    analyst = make_user(Role.MINISTRY_ANALYST)
    page = site_client(None, analyst).get("/statistikk/").content.decode()
    assert page.count("data-kommune=") == 357
    assert f'aria-label="{bergen.name_norwegian}: ja"' in page
    assert f"omrade=k{bergen.kommunenummer}" in page
    assert "Kartdata: © Kartverket (CC BY 4.0)" in page
    drill = site_client(None, analyst).get(f"/statistikk/?omrade=k{bergen.kommunenummer}")
    assert drill.status_code == 200 and bergen.display_name in drill.content.decode()
    public = site_client().get("/tall/?kart=leverandorer").content.decode()
    assert (
        public.count("data-kommune=") == 357
        and f'aria-label="{bergen.name_norwegian}: 2.0"' in public
    )


def test_only_the_analyst_and_the_operator_see_the_dashboard(
    db, bergen, analyst, operator, supplier
):
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=bergen)
    member = make_user(Role.SUPPLIER_MEMBER, supplier=supplier)
    for user in (analyst, operator):
        assert site_client(None, user).get("/statistikk/").status_code == 200
    for user in (officer, member):
        assert site_client(None, user).get("/statistikk/").status_code == 403
        assert site_client(None, user).get("/statistikk/eksport/").status_code == 403
    assert site_client().get("/tall/").status_code == 200

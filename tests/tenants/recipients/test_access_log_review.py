"""The admin's access log: searching by a person's name without the name reaching a URL, actions
and roles in words, and the CSV export, which is itself recorded."""

from fritt.accounts.roles import Role
from fritt.events.models import Event
from tenants.recipients import services
from tests.factories import make_user, new_recipient, site_client


def _seen(case_worker, *names):
    people = [new_recipient(case_worker, name=name) for name in names]
    for person in people:
        services.log_access(user=case_worker, recipients=[person], action="view", what="detaljside")
    return people


def test_name_search_is_posted_and_the_url_carries_only_a_token(world, case_worker, bergen):
    nora, _petter = _seen(case_worker, "Nora Navnesøk", "Petter Annen")
    other_worker = make_user(Role.CASE_WORKER, municipality=bergen, full_name="Oda Oppslag")
    services.log_access(user=other_worker, recipients=[nora], action="view", what="detaljside")
    admin = make_user(Role.MUNICIPAL_ADMIN, municipality=bergen)
    client = site_client("bergen", admin)

    response = client.post("/ansatt/tilgangslogg/", {"mottaker_navn": "navnesøk"})
    assert response.status_code == 302
    location = response["Location"]
    assert "?sok=" in location and "nav" not in location.lower()
    page = client.get(location).content.decode()
    table = page.split("<tbody>")[1].split("</tbody>")[0]
    # Nora registered, then seen by two case workers; nothing about Petter.
    assert table.count("<tr>") == 3 == table.count(f"<td>{nora.pk}</td>")
    assert 'value="navnesøk"' in page  # the form keeps what was searched for

    by_user = client.post("/ansatt/tilgangslogg/", {"bruker_navn": "Oda"})
    table = client.get(by_user["Location"]).content.decode().split("<tbody>")[1]
    assert table.split("</tbody>")[0].count("<tr>") == 1 and "Oda Oppslag" in table

    # An unknown or expired token goes back to the unfiltered log.
    expired = client.get("/ansatt/tilgangslogg/?sok=ukjent")
    assert expired.status_code == 302 and expired["Location"] == "/ansatt/tilgangslogg/"


def test_roles_and_actions_are_words_not_codes(world, case_worker, bergen):
    _seen(case_worker, "Kari Kode")
    admin = make_user(Role.MUNICIPAL_ADMIN, municipality=bergen)
    page = site_client("bergen", admin).get("/ansatt/tilgangslogg/").content.decode()
    table = page.split("<tbody>")[1]
    assert "saksbehandler i kommunen" in table and "så opplysningene" in table
    assert "case_worker" not in table and "detaljside" not in table
    english = site_client("bergen", admin)
    english.cookies["django_language"] = "en"
    table = english.get("/ansatt/tilgangslogg/").content.decode().split("<tbody>")[1]
    assert "saksbehandler i kommunen" not in table


def test_export_is_the_filtered_log_as_csv_and_is_recorded(world, case_worker, bergen):
    nora, _petter = _seen(case_worker, "Nora Eksport", "Petter Eksport")
    admin = make_user(Role.MUNICIPAL_ADMIN, municipality=bergen)
    client = site_client("bergen", admin)
    page = client.get(f"/ansatt/tilgangslogg/?mottaker={nora.pk}").content.decode()
    assert f"/ansatt/tilgangslogg/eksport.csv?mottaker={nora.pk}" in page

    response = client.get(f"/ansatt/tilgangslogg/eksport.csv?mottaker={nora.pk}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    rows = [line.split(";") for line in lines[1:]]
    assert len(rows) == 2  # Nora registered, then seen; nothing about Petter
    assert {row[4] for row in rows} == {str(nora.pk)}
    assert all(row[1] == str(case_worker.pk) and row[2] == "Cato Case" for row in rows)
    assert "så opplysningene" in {row[5] for row in rows}

    event = Event.objects.get(action="access_log.exported")
    assert event.actor_id == admin.pk
    assert event.data == {"rows": 2, "recipient": nora.pk, "user": None, "day": None,
                          "by_name": False}  # fmt: skip

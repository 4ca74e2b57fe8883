"""Session rules: inactivity ends a session; exporting or changing a recipient's data needs a
recent login (a fresh one at the provider for national logins)."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest

from fritt.accounts.roles import Role
from fritt.tenancy.schemas import in_municipality
from tests.factories import make_user, new_recipient, site_client

pytestmark = pytest.mark.django_db


def _age(client, key: str, seconds: int) -> None:
    session = client.session
    session[key] = time.time() - seconds
    session.save()


def test_an_idle_session_ends(bergen, settings):
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 600
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=bergen)
    client = site_client("bergen", officer)
    assert client.get("/ansatt/").status_code == 200

    _age(client, "identity_seen_at", 601)
    response = client.get("/ansatt/")

    assert response.status_code == 302
    assert response["Location"].startswith("/logg-inn/?next=/ansatt/")
    assert "_auth_user_id" not in client.session
    assert client.get("/ansatt/").status_code == 302


def test_an_active_session_stays(bergen, settings):
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 600
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=bergen)
    client = site_client("bergen", officer)
    client.get("/ansatt/")
    _age(client, "identity_seen_at", 300)
    assert client.get("/ansatt/").status_code == 200
    assert client.get("/ansatt/").status_code == 200


def test_export_and_changes_need_a_recent_login(bergen, settings):
    settings.RECENT_LOGIN_SECONDS = 900
    case_worker = make_user(Role.CASE_WORKER, municipality=bergen)
    with in_municipality(bergen):
        recipient = new_recipient(case_worker)
    client = site_client("bergen", case_worker)
    _age(client, "identity_login_at", 10)
    assert client.get("/ansatt/mottakere/eksport.csv").status_code == 200

    _age(client, "identity_login_at", 901)
    export = client.get("/ansatt/mottakere/eksport.csv")
    assert export.status_code == 302
    assert export["Location"].startswith("/logg-inn/?next=/ansatt/mottakere/eksport.csv")
    assert "_auth_user_id" not in client.session

    client = site_client("bergen", case_worker)
    client.get("/ansatt/")
    _age(client, "identity_login_at", 901)
    change = client.post(
        f"/ansatt/mottakere/{recipient.pk}/endre/",
        {"full_name": "Endret Navn"},
        HTTP_REFERER=f"http://bergen.localhost/ansatt/mottakere/{recipient.pk}/",
    )
    assert change.status_code == 302
    assert change["Location"].startswith(f"/logg-inn/?next=/ansatt/mottakere/{recipient.pk}/")
    with in_municipality(bergen):
        recipient.refresh_from_db()
        assert recipient.full_name != "Endret Navn"


def test_a_national_login_is_sent_to_the_provider_for_a_fresh_one(bergen, settings):
    settings.RECENT_LOGIN_SECONDS = 900
    case_worker = make_user(Role.CASE_WORKER, municipality=bergen)
    client = site_client("bergen", case_worker)
    session = client.session
    session["identity_provider"] = "ansattporten"
    session.save()
    _age(client, "identity_login_at", 901)

    response = client.get("/ansatt/mottakere/eksport.csv")

    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == "/innlogging/ansattporten/"
    assert parse_qs(target.query) == {"ny": ["1"], "neste": ["/ansatt/mottakere/eksport.csv"]}


def test_the_fresh_login_asks_the_provider_to_log_in_again(oidc_provider, bergen):
    client = site_client("bergen")
    response = client.get("/innlogging/ansattporten/?ny=1&neste=/ansatt/")
    assert response.status_code == 302
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["prompt"] == ["login"]
    assert "authorization_details" in query

"""The OIDC client refuses what it must, against the real local provider: a tampered or
expired ID token, a reused or stale state, a wrong nonce, a cancelled login, a wrong client
key; and logout ends both sessions (RP-initiated, and front-channel from the provider)."""

import base64
import html
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test.utils import override_settings
from joserfc.jwk import RSAKey

from fritt.identity import client as oidc
from fritt.identity.models import ProviderSession
from fritt.tenancy.schemas import in_municipality
from tests.factories import make_fnr, national_login, new_recipient, provider_login, site_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(oidc_provider, bergen, case_worker):
    fnr = make_fnr("120438")
    with in_municipality(bergen):
        new_recipient(case_worker, fnr=fnr)
    return fnr


@pytest.fixture
def case_worker(bergen):
    from fritt.accounts.roles import Role
    from tests.factories import make_user

    return make_user(Role.CASE_WORKER, municipality=bergen)


def _refused(response, code: str) -> bool:
    return f'data-code="{code}"'.encode() in response.content and "_auth_user_id" not in (
        response.wsgi_request.session
    )


def _start(client):
    start = client.get("/innlogging/idporten/")
    assert start.status_code == 302
    assert parse_qs(urlsplit(start["Location"]).query)["code_challenge_method"] == ["S256"]
    return start["Location"]


def test_a_tampered_id_token_is_refused(citizen, monkeypatch):
    original = oidc.verify_id_token

    def tampered(*, provider, id_token, nonce):
        header, payload, signature = id_token.split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        claims["pid"] = make_fnr("141145")  # someone else
        forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
        return original(provider=provider, id_token=f"{header}.{forged}.{signature}", nonce=nonce)

    monkeypatch.setattr(oidc, "verify_id_token", tampered)
    response = national_login(site_client("bergen"), "idporten", citizen)
    assert response.status_code == 400
    assert _refused(response, "login_token")


def test_an_expired_id_token_is_refused(citizen, monkeypatch):
    real_clock = oidc.clock
    monkeypatch.setattr(oidc, "clock", lambda: real_clock() + 3600)
    response = national_login(site_client("bergen"), "idporten", citizen)
    assert _refused(response, "login_token")


def test_a_reused_state_is_refused(citizen):
    client = site_client("bergen")
    back = urlsplit(provider_login(_start(client), pid=citizen))
    assert client.get(f"{back.path}?{back.query}").status_code == 302
    client.logout()
    again = client.get(f"{back.path}?{back.query}")
    assert again.status_code == 400
    assert _refused(again, "login_state")
    # Nor in another browser, which never started this login.
    other = site_client("bergen").get(f"{back.path}?{back.query}")
    assert _refused(other, "login_state")


def test_a_stale_state_is_refused(citizen):
    client = site_client("bergen")
    authorize = _start(client)
    session = client.session
    for pending in session["identity_pending"].values():
        pending["created"] -= 3600
    session.save()
    back = urlsplit(provider_login(authorize, pid=citizen))
    assert _refused(client.get(f"{back.path}?{back.query}"), "login_state")


def test_a_wrong_nonce_is_refused(citizen):
    client = site_client("bergen")
    authorize = _start(client)
    session = client.session
    for pending in session["identity_pending"].values():
        pending["nonce"] = "not-the-one-sent"
    session.save()
    back = urlsplit(provider_login(authorize, pid=citizen))
    response = client.get(f"{back.path}?{back.query}")
    assert response.status_code == 400
    assert _refused(response, "login_nonce")


def test_a_cancelled_login_says_so(citizen):
    client = site_client("bergen")
    state = parse_qs(urlsplit(_start(client)).query)["state"][0]
    response = client.get(f"/innlogging/callback/?error=access_denied&state={state}")
    assert _refused(response, "login_cancelled")


def test_the_provider_refuses_a_client_assertion_signed_with_another_key(citizen):
    stranger = RSAKey.generate_key(2048, auto_kid=True)
    with override_settings(OIDC_CLIENT_JWK=json.dumps(stranger.as_dict(private=True))):
        oidc.forget_cached()
        response = national_login(site_client("bergen"), "idporten", citizen)
    oidc.forget_cached()
    assert _refused(response, "login_token")


def test_logout_ends_our_session_and_sends_the_browser_to_the_provider(citizen, oidc_provider):
    client = site_client("bergen")
    national_login(client, "idporten", citizen)
    assert client.get("/min-side/").status_code == 200

    response = client.post("/logg-ut/")

    assert response.status_code == 302
    assert response["Location"].startswith(f"{oidc_provider.idporten}/session/end?")
    assert "post_logout_redirect_uri" in response["Location"]
    assert client.get("/min-side/").status_code == 302  # to the login page


def test_logout_at_the_provider_ends_the_platform_session(citizen, oidc_provider):
    browser_at_provider = requests.Session()
    client = site_client("bergen")
    national_login(client, "idporten", citizen, session=browser_at_provider)
    assert client.get("/min-side/").status_code == 200
    assert ProviderSession.objects.count() == 1

    # The person logs out at ID-porten itself (or from another service there).
    confirm = browser_at_provider.get(f"{oidc_provider.idporten}/session/end", timeout=10)
    action = re.search(r'action="([^"]+)"', confirm.text).group(1)
    xsrf = re.search(r'name="xsrf" value="([^"]+)"', confirm.text).group(1)
    done = browser_at_provider.post(
        action if action.startswith("http") else oidc_provider.idporten + action,
        data={"xsrf": xsrf, "logout": "yes"},
        timeout=10,
    )
    frame = re.search(r'<iframe title="utlogging" src="([^"]+)"', done.text).group(1)
    frame = urlsplit(html.unescape(frame))
    # The browser loads the frame: no cookie of ours goes with it, the sid is enough.
    assert site_client().get(f"{frame.path}?{frame.query}").status_code == 200

    assert client.get("/min-side/").status_code == 302
    assert ProviderSession.objects.count() == 0

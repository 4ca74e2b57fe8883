"""Lockout: wrong passwords pause logins for the account (and for a noisy client address)."""

import datetime
import logging

import pytest
from django.utils import timezone

from fritt.accounts.backends import client_ip
from fritt.accounts.models import LoginFailure, LoginLockout
from fritt.accounts.roles import Role
from fritt.accounts.services import purge_old_login_records
from tests.factories import PASSWORD, make_user, site_client

LOCKED = "For mange mislykkede innlogginger"


def _login(client, email, password, **extra):
    return client.post("/logg-inn/", {"username": email, "password": password}, **extra)


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("slug", [None, "bergen"])
def test_five_wrong_passwords_then_the_right_one_is_refused(bergen, slug):
    user = make_user(Role.CASE_WORKER, municipality=bergen)
    client = site_client(slug)
    for _attempt in range(5):
        wrong = _login(client, user.email, "feil-passord-hver-gang")
        assert wrong.status_code == 200 and not _logged_in(client)
    right = _login(client, user.email, PASSWORD)
    assert right.status_code == 200 and not _logged_in(client)
    assert LOCKED in right.content.decode()
    # Another browser gets the same answer: the lock is on the account, not the session.
    assert not site_client(slug).login(username=user.email, password=PASSWORD)


def test_four_wrong_passwords_do_not_lock_and_a_success_starts_afresh(db):
    user = make_user()
    client = site_client()
    for _attempt in range(4):
        _login(client, user.email, "feil-passord-hver-gang")
    assert _login(client, user.email, PASSWORD).status_code == 302
    assert not LoginFailure.objects.exists()


def test_an_unknown_email_gets_the_same_answer_as_an_account(db):
    user = make_user()
    answers = []
    for email in (user.email, "finnes.ikke@test.example"):
        client = site_client()
        for _attempt in range(5):
            _login(client, email, "feil-passord-hver-gang")
        answers.append(_login(client, email, "feil-passord-hver-gang").context["form"].errors)
    assert answers[0] == answers[1] and LOCKED in str(answers[0])


def test_the_lock_ends_after_fifteen_minutes(db):
    user = make_user()
    client = site_client()
    for _attempt in range(5):
        _login(client, user.email, "feil-passord-hver-gang")
    assert not client.login(username=user.email, password=PASSWORD)
    past = timezone.now() - datetime.timedelta(minutes=16)
    LoginFailure.objects.update(created_at=past)
    LoginLockout.objects.update(locked_until=timezone.now() - datetime.timedelta(seconds=1))
    assert _login(client, user.email, PASSWORD).status_code == 302 and _logged_in(client)


def test_the_admin_login_is_locked_too(db):
    user = make_user(Role.PLATFORM_OPERATOR)
    user.is_staff = user.is_superuser = True
    user.save()
    client = site_client()
    for _attempt in range(5):
        client.post("/admin/login/", {"username": user.email, "password": "feil-passord-x"})
    client.post("/admin/login/", {"username": user.email, "password": PASSWORD})
    assert not _logged_in(client)


def test_many_accounts_from_one_address_pause_that_address(db, settings):
    settings.LOGIN_IP_FAILURE_LIMIT = 3
    victims = [make_user() for _ in range(3)]
    noisy = site_client()
    for victim in victims:
        _login(noisy, victim.email, "feil-passord-x", REMOTE_ADDR="203.0.113.7")
    fresh = make_user()
    refused = _login(noisy, fresh.email, PASSWORD, REMOTE_ADDR="203.0.113.7")
    assert LOCKED in refused.content.decode() and not _logged_in(noisy)
    elsewhere = site_client()
    assert _login(elsewhere, fresh.email, PASSWORD, REMOTE_ADDR="198.51.100.2").status_code == 302


def test_the_lockout_is_logged_without_password_or_email(db, caplog):
    user = make_user()
    with caplog.at_level(logging.WARNING):
        for _attempt in range(5):
            _login(site_client(), user.email, "hemmelig-feil-passord")
    assert "Innlogging sperret" in caplog.text
    assert "hemmelig-feil-passord" not in caplog.text and user.email not in caplog.text


def test_the_client_address_comes_from_trusted_proxies_only(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.9")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "192.0.2.9"


def test_old_records_are_purged(db):
    old = timezone.now() - datetime.timedelta(days=2)
    LoginFailure.objects.create(account_key="x" * 64, created_at=old)
    LoginLockout.objects.create(scope="ip", key="192.0.2.1", locked_until=old)
    LoginFailure.objects.create(account_key="y" * 64)
    assert purge_old_login_records() == 2
    assert LoginFailure.objects.count() == 1


def test_an_operator_can_switch_local_passwords_off(bergen, settings):
    settings.LOCAL_LOGIN_ENABLED = False
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=bergen)
    client = site_client("bergen")
    assert b'name="password"' not in client.get("/logg-inn/").content
    response = _login(client, officer.email, PASSWORD)
    assert response.status_code == 200 and not _logged_in(client)
    assert not site_client().login(username=officer.email, password=PASSWORD)  # the admin's too

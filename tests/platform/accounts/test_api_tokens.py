"""API tokens: hashed at rest, expiring, revocable; a missing or bad one answers 401."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from fritt.accounts.models import ApiToken
from fritt.accounts.roles import Role
from fritt.accounts.services import issue_api_token
from tests.factories import make_user, site_client

API = "/api/v1/mottakere/"


@pytest.fixture
def case_worker(bergen):
    return make_user(Role.CASE_WORKER, municipality=bergen)


def _get(token: str | None = None, keyword: str = "Token"):
    headers = {"HTTP_AUTHORIZATION": f"{keyword} {token}"} if token is not None else {}
    return site_client("bergen").get(API, **headers)


def _assert_401(response):
    assert response.status_code == 401, response.content
    assert response.headers["WWW-Authenticate"].startswith("Token")


def test_a_valid_token_works_and_its_use_is_noted(case_worker):
    issued = issue_api_token(user=case_worker)
    assert _get(issued.secret).status_code == 200
    assert _get(issued.secret, keyword="Bearer").status_code == 200
    issued.token.refresh_from_db()
    assert issued.token.last_used_at is not None
    assert issued.token.expires_at.date() == (timezone.now() + datetime.timedelta(days=90)).date()


def test_no_credentials_answer_401_with_a_challenge(case_worker):
    _assert_401(_get())


@pytest.mark.parametrize("mangle", ["wrong_secret", "unknown_prefix", "garbage"])
def test_a_wrong_token_answers_401(case_worker, mangle):
    secret = issue_api_token(user=case_worker).secret
    label, prefix, rest = secret.split("_", 2)
    token = {
        "wrong_secret": f"{label}_{prefix}_{rest[:-4]}AAAA",
        "unknown_prefix": f"{label}_000000000000_{rest}",
        "garbage": "not-a-token",
    }[mangle]
    _assert_401(_get(token))


def test_an_expired_token_answers_401(case_worker):
    issued = issue_api_token(user=case_worker, days=1)
    ApiToken.objects.filter(pk=issued.token.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    _assert_401(_get(issued.secret))


def test_a_replaced_token_stops_working(case_worker):
    old = issue_api_token(user=case_worker).secret
    new = issue_api_token(user=case_worker, replace=True).secret
    _assert_401(_get(old))
    assert _get(new).status_code == 200


def test_the_database_holds_no_clear_key(case_worker):
    issued = issue_api_token(user=case_worker)
    secret_part = issued.secret.split("_", 2)[2]
    stored = " ".join(str(v) for v in ApiToken.objects.values().get(pk=issued.token.pk).values())
    assert secret_part not in stored and issued.secret not in stored
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('public.authtoken_token')")
        assert cursor.fetchone()[0] is None


def test_only_case_workers_get_a_token(bergen):
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=bergen)
    with pytest.raises(ValidationError) as refused:
        issue_api_token(user=officer)
    assert refused.value.code == "not_case_worker"
    assert not ApiToken.objects.filter(user=officer).exists()


def test_the_command_prints_the_token_once_with_the_days_asked_for(case_worker):
    out = io.StringIO()
    call_command(
        "create_api_token", case_worker.email, "--days", "5", stdout=out, stderr=io.StringIO()
    )
    secret = out.getvalue().strip()
    token = ApiToken.objects.get(user=case_worker)
    assert token.expires_at.date() == (timezone.now() + datetime.timedelta(days=5)).date()
    assert _get(secret).status_code == 200

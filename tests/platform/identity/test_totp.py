"""The second factor: a local-password login of a role that sees recipients' data needs a
code from an authenticator app (set up at the first login); other roles do not."""

import re

import pytest
from django.core.exceptions import NON_FIELD_ERRORS

from fritt.accounts.roles import Role
from fritt.identity import totp
from fritt.identity.models import TotpDevice
from tests.factories import PASSWORD, make_user, site_client

pytestmark = pytest.mark.django_db


def _password(client, user):
    return client.post("/logg-inn/", {"username": user.email, "password": PASSWORD})


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_a_case_worker_sets_up_the_app_then_needs_a_code_each_time(bergen):
    case_worker = make_user(Role.CASE_WORKER, municipality=bergen)
    client = site_client("bergen")

    response = _password(client, case_worker)
    assert response.status_code == 302 and response["Location"] == "/konto/totp/"
    assert not _logged_in(client)
    page = client.get("/konto/totp/").content.decode()
    secret = re.search(r'data-secret="([A-Z2-7]+)"', page).group(1)
    assert "otpauth://totp/" in page

    wrong = client.post("/konto/totp/", {"code": "000000"})
    assert wrong.status_code == 200 and not _logged_in(client)
    assert wrong.context["form"].has_error("code", "totp_code")
    done = client.post("/konto/totp/", {"code": totp.code_at(secret, totp.current_step())})
    assert done.status_code == 302 and done["Location"] == "/ansatt/"
    assert _logged_in(client)
    assert TotpDevice.objects.filter(user=case_worker).exists()

    # The next login asks for a code from the same app; a code already used is refused.
    again = site_client("bergen")
    assert _password(again, case_worker)["Location"] == "/konto/totp/"
    assert "data-secret" not in again.get("/konto/totp/").content.decode()
    used = again.post("/konto/totp/", {"code": totp.code_at(secret, totp.current_step())})
    assert used.status_code == 200 and not _logged_in(again)
    fresh = again.post("/konto/totp/", {"code": totp.code_at(secret, totp.current_step() + 1)})
    assert fresh.status_code == 302 and _logged_in(again)


def test_wrong_codes_count_towards_the_lockout(bergen):
    case_worker = make_user(Role.CASE_WORKER, municipality=bergen)
    client = site_client("bergen")
    _password(client, case_worker)
    secret = re.search(r'data-secret="([A-Z2-7]+)"', client.get("/konto/totp/").content.decode())
    for _attempt in range(5):
        client.post("/konto/totp/", {"code": "123456"})
    right = client.post(
        "/konto/totp/", {"code": totp.code_at(secret.group(1), totp.current_step())}
    )
    assert right.status_code == 200 and not _logged_in(client)
    assert right.context["form"].has_error(NON_FIELD_ERRORS, "totp_locked")


def test_roles_without_health_data_log_in_with_the_password_alone(bergen):
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=bergen)
    client = site_client("bergen")
    assert _password(client, officer)["Location"] == "/ansatt/"
    assert _logged_in(client)


def test_the_code_step_cannot_be_reached_without_the_password(bergen):
    response = site_client("bergen").get("/konto/totp/")
    assert response.status_code == 400
    assert b'data-code="login_state"' in response.content


def test_the_algorithm_matches_rfc_6238():
    # RFC 6238 appendix B, SHA1, T = 59 s: 94287082 (eight digits; we use the last six).
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # base32 of "12345678901234567890"
    assert totp.code_at(secret, 59 // 30) == "287082"

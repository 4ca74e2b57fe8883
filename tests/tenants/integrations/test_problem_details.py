"""One error shape everywhere: problem details in English when a system asks for it with
Accept-Language (the code stays the same), and every missing or bad credential on every
operation of the document answers 401 with a WWW-Authenticate challenge."""

import re

from django.urls import Resolver404, resolve

from fritt.accounts.roles import Role
from fritt.accounts.services import issue_api_token
from tests.factories import make_user, site_client


def test_problems_are_in_english_by_accept_language_with_the_same_code(bergen):
    case_worker = make_user(Role.CASE_WORKER, municipality=bergen)
    auth = {"HTTP_AUTHORIZATION": f"Token {issue_api_token(user=case_worker).secret}"}
    client = site_client("bergen")
    body = {"q": "x"}
    norwegian = client.get("/api/v1/mottakere/", body, **auth)
    english = client.get("/api/v1/mottakere/", body, HTTP_ACCEPT_LANGUAGE="en", **auth)
    assert norwegian.status_code == english.status_code == 400
    assert norwegian.json()["code"] == english.json()["code"]
    assert norwegian.json()["title"] == "Ugyldig forespørsel"
    assert english.json()["title"] == "Bad request"
    assert english["Content-Language"] == "en"
    bad = client.get("/api/v1/hendelser/", HTTP_AUTHORIZATION="Bearer fbm_nope",
                     HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert bad.status_code == 401 and bad.json()["detail"] == "Invalid or expired access token."
    # Pages keep bokmål whatever the browser says.
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert page["Content-Language"] == "nb"


def _operations(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method in {"get", "post", "patch", "put", "delete"}:
                yield re.sub(r"\{[^}]+\}", "1", path), method, operation


def _host(path: str) -> str | None:
    for urlconf, host in (("fritt.urls_tenant", "bergen"), ("fritt.urls_public", None)):
        try:
            resolve(path, urlconf=urlconf)
        except Resolver404:
            continue
        return host
    raise AssertionError(f"{path} is served by neither kind of host")


def test_every_secured_operation_answers_missing_or_bad_credentials_with_401(
    bergen, national_client
):
    document = national_client.get("/api/schema/?format=json").json()
    checked = 0
    for path, method, operation in _operations(document):
        if {} in (operation.get("security") or [{}]):
            continue  # anonymous callers are welcome
        client = site_client(_host(path))
        for credentials in ({}, {"HTTP_AUTHORIZATION": "Bearer fbm_nope"},
                            {"HTTP_AUTHORIZATION": "Token fbv_1_nope"}):  # fmt: skip
            answer = client.generic(
                method.upper(), path, b"{}", content_type="application/json", **credentials
            )
            where = f"{method.upper()} {path} {credentials}"
            assert answer.status_code == 401, where
            assert answer["WWW-Authenticate"], where
            assert answer["Content-Type"] == "application/problem+json", where
            checked += 1
    assert checked > 30

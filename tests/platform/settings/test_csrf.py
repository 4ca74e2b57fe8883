"""CSRF: a municipality's site accepts posts from itself only, never from a sibling's site."""

import pytest

from tests.factories import PASSWORD, SiteClient, make_user


def _bergen_login_post(**headers):
    user = make_user()
    client = SiteClient("bergen.localhost", enforce_csrf_checks=True)
    client.get("/logg-inn/")
    token = client.cookies["csrftoken"].value
    return client.post(
        "/logg-inn/",
        {"username": user.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
        **headers,
    )


def test_a_same_origin_post_is_accepted(bergen, settings):
    port = f":{settings.SITE_PORT}" if settings.SITE_PORT else ""
    response = _bergen_login_post(
        HTTP_ORIGIN=f"http://bergen.localhost{port}",
        HTTP_REFERER=f"http://bergen.localhost{port}/logg-inn/",
    )
    assert response.status_code == 302


@pytest.mark.parametrize("secure", [False, True])
def test_a_post_from_a_sibling_municipality_is_refused(bergen, secure):
    scheme = "https" if secure else "http"
    response = _bergen_login_post(
        secure=secure,
        HTTP_ORIGIN=f"{scheme}://trondheim.localhost",
        HTTP_REFERER=f"{scheme}://trondheim.localhost/",
    )
    assert response.status_code == 403


def test_a_sibling_referer_without_origin_is_refused_over_https(bergen):
    response = _bergen_login_post(secure=True, HTTP_REFERER="https://trondheim.localhost/")
    assert response.status_code == 403


def test_no_wildcard_is_trusted_by_default(settings):
    assert not any("*" in origin for origin in settings.CSRF_TRUSTED_ORIGINS)

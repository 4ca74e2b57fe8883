"""Absolute links take the configured scheme and port, never the port in the Host header."""

import pytest

from tests.factories import SiteClient


@pytest.fixture
def public_port(settings):
    settings.SITE_PORT = "8000"
    return ":8000"


@pytest.mark.parametrize(
    ("host", "path"),
    [
        ("localhost:6666", "/"),
        ("localhost:6666", "/kommuner/"),
        ("localhost:6666", "/api/v1/kommuner/?limit=2"),
        ("localhost:6666", "/kunngjoringer/feed/"),
        ("bergen.localhost:6666", "/"),
        ("bergen.localhost:6666", "/logg-inn/"),
    ],
)
def test_a_port_in_the_host_header_is_not_reflected(db, public_port, host, path):
    response = SiteClient(host).get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert "6666" not in body
    assert f"localhost{public_port}" in body  # the links are there, with the configured port


def test_api_links_use_the_configured_port(db, public_port):
    body = SiteClient("localhost:6666").get("/api/v1/kommuner/?limit=2").json()
    assert body["next"].startswith(f"http://localhost{public_port}/api/v1/kommuner/")
    bergen = SiteClient("localhost:6666").get("/api/v1/kommuner/4601/").json()
    assert bergen["site_url"] == f"http://bergen.localhost{public_port}/"


def test_without_a_public_port_links_have_none(db, settings):
    settings.SITE_PORT = ""
    body = SiteClient("localhost:6666").get("/api/v1/kommuner/?limit=2").json()
    assert body["next"].startswith("http://localhost/api/v1/kommuner/")

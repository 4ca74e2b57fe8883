"""Security headers: the Content-Security-Policy on every kind of page, and pages that fit it."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import site_client


def _policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize(
    ("slug", "path"),
    [
        (None, "/"),
        (None, "/api/docs/"),
        (None, "/admin/login/"),
        (None, "/api/v1/kommuner/"),
        ("bergen", "/"),
        ("bergen", "/logg-inn/"),
        ("finnes-ikke", "/"),  # the routing middleware's own refusal page
    ],
)
def test_every_page_carries_a_strict_policy(db, slug, path):
    policy = _policy(site_client(slug).get(path))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "base-uri" in policy
    assert not any("unsafe" in source for sources in policy.values() for source in sources)


def test_swagger_ui_has_no_inline_script_or_style(db):
    client = site_client()
    html = client.get("/api/docs/").content.decode()
    assert "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), html
    script = re.search(r'<script src="([^"]*script=[^"]*)"', html).group(1)
    init = client.get(script.replace("&amp;", "&"))
    assert init.status_code == 200 and "SwaggerUIBundle" in init.content.decode()


def test_no_template_has_inline_script_style_or_handler():
    roots = [settings.ROOT_DIR / room for room in ("platform", "tenants", "public_site")]
    offenders = []
    for template in (p for root in roots for p in Path(root).rglob("templates/**/*.html")):
        text = template.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(
            r"<style\b|\sstyle=|\son[a-z]+=", text
        ):
            offenders.append(str(template))
    assert offenders == []

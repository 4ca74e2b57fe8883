"""The national search: one selector behind the page, the Atom feed and the JSON API."""

import xml.etree.ElementTree as ET

import pytest
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from tenants.schemes import services
from tests.factories import accept_invitations, make_user, published, site_client

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def world(bergen, trondheim, eidfjord, ulvik):
    """Bergen: praktisk bistand (open) and BPA (closed); Trondheim: hjemmesykepleie (open);
    Eidfjord: joint praktisk bistand with Ulvik (open)."""
    out = {}
    for m, specs in [
        (bergen, [("Praktisk bistand i Bergen", "praktisk-bistand"), ("BPA i Bergen", "bpa")]),
        (trondheim, [("Hjemmesykepleie i Trondheim", "hjemmesykepleie")]),
        (eidfjord, [("Praktisk bistand i Indre Hardanger", "praktisk-bistand")]),
    ]:
        officer = make_user(Role.MUNICIPAL_OFFICER, municipality=m)
        with tenant_context(m):
            for title, code in specs:
                scheme = published(by=officer, title=title, code=code)
                if code == "bpa":
                    services.close_scheme(scheme=scheme, by=officer)
                if m == eidfjord:
                    services.set_participants(scheme=scheme, by=officer, municipalities=[ulvik])
                out[title] = scheme
        if m == eidfjord:
            accept_invitations(host=eidfjord, participant=ulvik)
    return out


def titles(response) -> list[str]:
    return [a["title"] for a in response.json()["results"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"Praktisk bistand i Bergen", "BPA i Bergen", "Hjemmesykepleie i Trondheim",
              "Praktisk bistand i Indre Hardanger"}),
        ({"tjeneste": "praktisk-bistand"}, {"Praktisk bistand i Bergen",
                                            "Praktisk bistand i Indre Hardanger"}),
        ({"fylke": "50"}, {"Hjemmesykepleie i Trondheim"}),
        ({"kommune": "ulvik"}, {"Praktisk bistand i Indre Hardanger"}),
        ({"status": "closed"}, {"BPA i Bergen"}),
        ({"interkommunal": "1"}, {"Praktisk bistand i Indre Hardanger"}),
        ({"q": "hjemmesykepleien"}, {"Hjemmesykepleie i Trondheim"}),
        ({"q": "Ulvik"}, {"Praktisk bistand i Indre Hardanger"}),
        ({"fylke": "46", "tjeneste": "bpa"}, {"BPA i Bergen"}),
    ],
)  # fmt: skip
def test_api_filters(world, params, expected):
    response = site_client().get("/api/v1/kunngjoringer/", params)
    assert response.status_code == 200
    assert set(titles(response)) == expected


def test_ended_schemes_are_hidden_unless_asked_for(world, bergen):
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=bergen)
    with tenant_context(bergen):
        services.end_scheme(scheme=world["Praktisk bistand i Bergen"], by=officer)
    assert "Praktisk bistand i Bergen" not in titles(site_client().get("/api/v1/kunngjoringer/"))
    ended = site_client().get("/api/v1/kunngjoringer/", {"status": "ended"})
    assert titles(ended) == ["Praktisk bistand i Bergen"]


def test_sort_by_municipality(world):
    response = site_client().get("/api/v1/kunngjoringer/", {"sorter": "kommune"})
    hosts = [a["host"]["name"] for a in response.json()["results"]]
    assert hosts == sorted(hosts)


def test_feed_honours_the_filters(world):
    response = site_client().get("/kunngjoringer/feed/", {"fylke": "46", "status": "open"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    entries = [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")]
    assert sorted(entries) == [
        "Praktisk bistand i Bergen – Bergen kommune",
        "Praktisk bistand i Indre Hardanger – Eidfjord kommune",
    ]


def test_search_page_and_detail(world):
    page = site_client().get("/kunngjoringer/", {"tjeneste": "hjemmesykepleie"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Hjemmesykepleie i Trondheim" in html and "BPA i Bergen" not in html
    announcement_id = (
        site_client().get("/api/v1/kunngjoringer/", {"kommune": "ulvik"}).json()["results"][0]["id"]
    )
    detail = site_client().get(f"/kunngjoringer/{announcement_id}/").content.decode()
    assert "Praktisk bistand i Indre Hardanger" in detail
    assert "Ulvik kommune" in detail and "512.00 kr" in detail
    assert "Firmaattest" in detail


def test_municipality_page_lists_hosted_and_joint_schemes(world):
    html = site_client().get("/kommuner/ulvik/").content.decode()
    assert "Praktisk bistand i Indre Hardanger" in html
    assert "interkommunal ordning med Eidfjord kommune som vertskommune" in html
    assert site_client().get("/kommuner/finnes-ikke/").status_code == 404


def test_api_is_in_the_openapi_schema(db):
    paths = site_client().get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    assert "/api/v1/kunngjoringer/" in paths
    names = {p["name"] for p in paths["/api/v1/kunngjoringer/"]["get"]["parameters"]}
    assert {"q", "tjeneste", "fylke", "kommune", "status", "interkommunal", "sorter"} <= names

"""The suppliers' API: a token for a supplier user, all-or-nothing reports with a problem per
line, only one's own assignments, and the API in the OpenAPI document."""

from django_tenants.utils import tenant_context

from fritt.accounts.services import issue_api_token
from tenants.settlement.models import DeliveryLine
from tests.factories import site_client


def _auth(user):
    return {"HTTP_AUTHORIZATION": f"Token {issue_api_token(user=user).secret}"}


def test_a_rostering_system_reports_lines_all_or_nothing(bergen, month_world):
    w = month_world
    client, auth = site_client("bergen"), _auth(w["alfa_user"])
    listed = client.get("/api/v1/leveranser/oppdrag/?maaned=2026-10", **auth)
    assert listed.status_code == 200
    assert {a["id"] for a in listed.json()} == {w["a1"].pk, w["a2"].pk}
    bad = client.post(
        "/api/v1/leveranser/",
        {"lines": [
            {"assignment": w["a1"].pk, "date": "2026-10-07", "start": "08:00", "end": "10:00"},
            {"assignment": w["a1"].pk, "date": "2026-10-07", "start": "09:00", "end": "11:00"},
            {"assignment": w["b1"].pk, "date": "2026-10-07", "start": "09:00", "end": "11:00"},
        ]},
        content_type="application/json", **auth,
    )  # fmt: skip
    assert bad.status_code == 400
    assert [(p["line"], p["code"]) for p in bad.json()["lines"]] == [
        (2, "overlap"),
        (3, "not_your_assignment"),
    ]
    with tenant_context(bergen):
        assert not DeliveryLine.objects.exists()
    good = client.post(
        "/api/v1/leveranser/",
        {"lines": [
            {"assignment": w["a1"].pk, "date": "2026-10-07", "start": "22:00", "end": "07:00"},
        ]},
        content_type="application/json", **auth,
    )  # fmt: skip
    assert good.status_code == 201, good.content
    [line] = good.json()
    assert [b["band"] for b in line["bands"]] == ["night", "night"] and line["minutes"] == 540
    month = client.get("/api/v1/leveranser/?maaned=2026-10", **auth).json()
    assert [x["id"] for x in month] == [line["id"]]
    # The other supplier sees none of it.
    other = client.get("/api/v1/leveranser/?maaned=2026-10", **_auth(w["beta_user"])).json()
    assert other == []
    assert client.get("/api/v1/leveranser/").status_code == 401


def test_the_deliveries_api_is_in_the_openapi_document(national_client):
    paths = national_client.get("/api/schema/?format=json").json()["paths"]
    assert "/api/v1/leveranser/" in paths
    assert "post" in paths["/api/v1/leveranser/"]
    assert "/api/v1/leveranser/oppdrag/" in paths

"""The national open API over the municipality registry."""


def test_open_api_lists_and_filters_the_registry(national_client, db, settings):
    settings.SITE_PORT = ""  # links carry the configured public port, here none
    response = national_client.get("/api/v1/kommuner/", {"county": "46", "limit": 100})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 43
    bergen = next(r for r in body["results"] if r["kommunenummer"] == "4601")
    assert bergen["site_url"] == "http://bergen.localhost/"
    kinn = next(r for r in body["results"] if r["kommunenummer"] == "4602")
    assert kinn["site_url"] is None and kinn["lifecycle"] == "registered"
    detail = national_client.get("/api/v1/kommuner/5001/")
    assert detail.json()["name"] == "Trondheim"
    assert national_client.get("/api/v1/kommuner/9999/").status_code == 404

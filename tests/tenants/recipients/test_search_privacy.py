"""A search for a recipient, by name or fødselsnummer, never puts the search text in a URL:
the page searches by POST and names the search by a short-lived token; the API by POST."""

import pytest

from tests.factories import make_fnr, new_recipient, site_client


@pytest.fixture
def fnr(world, case_worker):
    number = make_fnr("120438")
    new_recipient(case_worker, name="Sigrid Søk", fnr=number)
    return number


def test_the_page_searches_by_post_and_keeps_the_number_out_of_every_url(fnr, case_worker):
    client = site_client("bergen", case_worker)
    for written in [fnr, f"{fnr[:6]} {fnr[6:]}"]:
        response = client.post("/ansatt/mottakere/", {"q": written})
        assert response.status_code == 302
        location = response["Location"]
        assert fnr[:6] not in location and "sok=" in location
        page = client.get(location).content.decode()
        assert "Sigrid Søk" in page
        assert fnr[:6] not in page  # neither the list nor the CSV link repeats it
        export = client.get(location.replace("/ansatt/mottakere/", "/ansatt/mottakere/eksport.csv"))
        assert "Sigrid Søk" in export.getvalue().decode("utf-8-sig")


def test_a_search_in_the_url_is_refused(fnr, case_worker):
    client = site_client("bergen", case_worker)
    for url in [f"/ansatt/mottakere/?q={fnr}", f"/ansatt/mottakere/eksport.csv?q={fnr}"]:
        response = client.get(url)
        assert response.status_code == 400
        assert "Sigrid" not in response.content.decode()


def test_a_token_from_another_session_finds_nothing(fnr, case_worker):
    mine = site_client("bergen", case_worker)
    location = mine.post("/ansatt/mottakere/", {"q": fnr})["Location"]
    other = site_client("bergen", case_worker)  # a second login of the same account
    response = other.get(location)
    assert response.status_code == 302 and "sok=" not in response["Location"]


def test_the_api_searches_by_post_only(fnr, case_worker):
    client = site_client("bergen", case_worker)
    assert client.get(f"/api/v1/mottakere/?q={fnr}").status_code == 400
    found = client.post("/api/v1/mottakere/sok/", {"q": fnr}, content_type="application/json")
    assert found.status_code == 200
    assert [r["full_name"] for r in found.json()["results"]] == ["Sigrid Søk"]

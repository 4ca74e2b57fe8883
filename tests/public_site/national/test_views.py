"""The national site's own pages (operations, statistics) follow the roles."""

from fritt.accounts.roles import Role
from tests.factories import make_user, site_client


def test_national_pages_follow_roles(db, operator, analyst, supplier):
    member = make_user(Role.SUPPLIER_MEMBER, supplier=supplier)
    assert site_client(None, operator).get("/drift/").status_code == 200
    assert site_client(None, analyst).get("/drift/").status_code == 403
    assert site_client(None, analyst).get("/statistikk/").status_code == 200
    assert site_client(None, member).get("/statistikk/").status_code == 403
    supplier_page = site_client(None, member).get("/leverandor/")
    assert supplier_page.status_code == 200 and "Omsorg Test AS" in supplier_page.content.decode()
    assert site_client(None, analyst).get("/leverandor/").status_code == 403
    assert site_client().get("/drift/").status_code == 302


def test_the_registry_refuses_filters_that_name_nothing(db):
    # As the announcement search does: a typo is a 400 that names the filter, not every row.
    client = site_client(None)
    assert client.get("/kommuner/", {"fylke": "46"}).status_code == 200
    assert client.get("/kommuner/", {"status": "active", "q": "Berg"}).status_code == 200
    for params in ({"fylke": "99"}, {"status": "levende"}, {"q": "x" * 201}):
        answer = client.get("/kommuner/", params)
        assert answer.status_code == 400, params
        assert f"«{next(iter(params))}»" in answer.content.decode()  # the page names the filter

"""A refusal raised inside a view (PermissionDenied) answers 403 in the site's own layout, on
the national site and on a municipality's, never Django's bare "403 Forbidden"."""

from tests.factories import site_client


def _in_layout(response) -> str:
    page = response.content.decode()
    assert response.status_code == 403
    assert '<header class="site-header">' in page and '<footer class="site-footer">' in page
    assert "Du har ikke tilgang til denne siden" in page
    return page


def test_a_stranger_to_a_supplier_gets_the_national_layout(supplier, db):
    from fritt.accounts.roles import Role
    from tests.factories import make_supplier, make_user

    other = make_supplier(orgnr="912345726", name="Annen Omsorg AS")
    stranger = make_user(Role.SUPPLIER_ADMIN, supplier=other)
    page = _in_layout(site_client(None, stranger).get(f"/leverandor/{supplier.pk}/sok/"))
    assert "Rollen din gir ikke tilgang til denne siden." in page


def test_a_supplier_without_business_here_gets_the_municipal_layout(bergen, supplier_admin):
    _in_layout(site_client("bergen", supplier_admin).get("/oppdrag/"))


def test_api_paths_answer_a_problem_not_a_page(rf):
    from django.core.exceptions import PermissionDenied

    from fritt.web.views import permission_denied

    response = permission_denied(rf.get("/api/v1/x"), PermissionDenied())
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"

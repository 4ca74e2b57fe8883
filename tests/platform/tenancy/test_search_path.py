"""`SET search_path` is sent only when the schema changes (TENANT_LIMIT_SET_CALLS), and that is
safe: the schema door, nested doors, a rolled-back savepoint (a SET is undone with its
transaction) and a request after another municipality's request all land in the right schema."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from fritt.accounts.roles import Role
from fritt.tenancy.schemas import in_municipality, in_public
from tests.factories import make_user, site_client


def _schema() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        return cursor.fetchone()[0]


def _sets(captured) -> int:
    return sum(q["sql"].startswith("SET search_path") for q in captured.captured_queries)


def test_the_setting_is_on():
    assert settings.TENANT_LIMIT_SET_CALLS is True


@pytest.mark.django_db
def test_one_set_per_schema_change_not_per_statement(bergen):
    with in_municipality(bergen), CaptureQueriesContext(connection) as captured:
        for _ in range(5):
            assert _schema() == bergen.schema_name
    assert _sets(captured) == 1


@pytest.mark.django_db
def test_nested_doors_and_rolled_back_savepoints_keep_the_right_schema(bergen, trondheim):
    with in_municipality(bergen):
        assert _schema() == bergen.schema_name
        with in_municipality(trondheim):
            # The SET for Trondheim runs inside a savepoint that is rolled back: PostgreSQL
            # undoes it, and the connection must not go on believing it is in Trondheim.
            with transaction.atomic():
                assert _schema() == trondheim.schema_name
                transaction.set_rollback(True)
            assert _schema() == trondheim.schema_name
        assert _schema() == bergen.schema_name
        with transaction.atomic():
            with in_public():
                assert _schema() == "public"
            transaction.set_rollback(True)
        assert _schema() == bergen.schema_name
    assert _schema() == "public"


@pytest.mark.django_db
def test_requests_to_two_municipalities_on_one_connection_each_see_their_own(bergen, trondheim):
    staff = {
        m.slug: make_user(Role.MUNICIPAL_ADMIN, municipality=m, full_name=f"Admin {m.slug}")
        for m in (bergen, trondheim)
    }
    for slug in ["bergen", "trondheim", "bergen", "trondheim"]:
        response = site_client(slug, staff[slug]).get("/ansatt/")
        assert response.status_code == 200
        assert response.wsgi_request.tenant.slug == slug
        assert connection.schema_name == f"k{response.wsgi_request.tenant.kommunenummer}"

"""The operator's admin on the national site: every page it lists answers, others are kept out."""

from django.contrib import admin
from django.urls import reverse

from fritt.accounts.roles import Role
from tests.factories import make_user, site_client


def _staff_operator():
    operator = make_user(Role.PLATFORM_OPERATOR)
    operator.is_staff = operator.is_superuser = True
    operator.save(update_fields=["is_staff", "is_superuser"])
    return operator


def test_the_operator_sees_the_admin_index_and_every_changelist(db):
    client = site_client(None, _staff_operator())
    index = client.get("/admin/")
    assert index.status_code == 200, index.content[:500]
    assert admin.site._registry, "no models registered: the loop below would prove nothing"
    for model in admin.site._registry:
        url = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist",
            urlconf="fritt.urls_public",
        )
        assert url in index.content.decode()
        assert client.get(url).status_code == 200, url


def test_other_users_are_sent_to_the_admin_login(bergen, db):
    case_worker = make_user(Role.CASE_WORKER, municipality=bergen)
    response = site_client(None, case_worker).get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert site_client().get("/admin/accounts/user/").status_code == 302


def test_municipality_sites_have_no_admin(bergen, db):
    assert site_client("bergen", _staff_operator()).get("/admin/").status_code == 404

"""Citizens log in with ID-porten on their municipality's site and reach Min side: the
recipient themself, a proxy (only for the person they act for), the wrong level, no match."""

import pytest
from django.db import connection

from fritt.identity.models import ExternalIdentity
from fritt.tenancy.schemas import in_municipality
from tenants.recipients import services
from tenants.recipients.models import AccessLogEntry, ContactRelation, RecipientLogin
from tests.factories import make_fnr, national_login, new_recipient, site_client

pytestmark = pytest.mark.django_db


def _public_rows_mention(number: str) -> list[str]:
    """Every text column of every table in the public schema that holds `number`."""
    hits = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE "
            "table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb')"
        )
        for table, column in cursor.fetchall():
            cursor.execute(
                f'SELECT 1 FROM public."{table}" WHERE "{column}"::text LIKE %s LIMIT 1',
                [f"%{number}%"],
            )
            if cursor.fetchone():
                hits.append(f"{table}.{column}")
    return hits


def test_citizen_logs_in_with_idporten_and_reaches_min_side(oidc_provider, bergen, case_worker):
    fnr = make_fnr("120438")
    with in_municipality(bergen):
        recipient = new_recipient(case_worker, name="Astrid Innlogget", fnr=fnr)
    client = site_client("bergen")

    response = national_login(client, "idporten", fnr, next_path="/min-side/")

    assert response.status_code == 302
    assert response["Location"] == "/min-side/"
    page = client.get("/min-side/")
    assert page.status_code == 200
    assert "Astrid Innlogget" in page.content.decode()
    with in_municipality(bergen):
        login = RecipientLogin.objects.get(recipient=recipient)
        assert login.relation == "self" and login.confirmed_at is not None
        assert AccessLogEntry.objects.filter(recipient=recipient, user=login.user).exists()
    connection.set_schema_to_public()
    assert ExternalIdentity.objects.filter(provider="idporten", user=login.user).exists()
    assert _public_rows_mention(fnr) == []


def test_the_next_login_finds_the_same_account(oidc_provider, bergen, case_worker):
    fnr = make_fnr("120438")
    with in_municipality(bergen):
        new_recipient(case_worker, fnr=fnr)
    first, second = site_client("bergen"), site_client("bergen")
    national_login(first, "idporten", fnr)
    national_login(second, "idporten", fnr)
    assert first.session["_auth_user_id"] == second.session["_auth_user_id"]
    assert ExternalIdentity.objects.filter(provider="idporten").count() == 1


def test_a_proxy_sees_the_person_they_act_for_and_nobody_else(oidc_provider, bergen, case_worker):
    proxy_fnr = make_fnr("070370")
    with in_municipality(bergen):
        cared_for = new_recipient(case_worker, name="Cecilie Omsorg", fnr=make_fnr("250933"))
        other = new_recipient(case_worker, name="Olav Annen", fnr=make_fnr("141145"))
        services.add_contact(
            by=case_worker, recipient=cared_for, full_name="Frode Fullmektig",
            relation=ContactRelation.PROXY, fnr=proxy_fnr,
        )  # fmt: skip
    client = site_client("bergen")

    response = national_login(client, "idporten", proxy_fnr)

    assert response["Location"] == "/min-side/"
    page = client.get("/min-side/").content.decode()
    assert "Cecilie Omsorg" in page
    assert "Olav Annen" not in page
    with in_municipality(bergen):
        login = RecipientLogin.objects.get(recipient=cared_for)
        assert login.relation == "proxy"
        assert not RecipientLogin.objects.filter(recipient=other).exists()
    assert client.get(f"/min-side/{other.pk}/innsyn/").status_code == 404


def test_a_login_below_the_municipalitys_level_is_refused(oidc_provider, bergen, case_worker):
    bergen.citizen_login_level = "idporten-loa-high"
    bergen.save(update_fields=["citizen_login_level"])
    fnr = make_fnr("120438")
    with in_municipality(bergen):
        new_recipient(case_worker, fnr=fnr)
    client = site_client("bergen")

    response = national_login(client, "idporten", fnr, acr="idporten-loa-substantial")

    assert response.status_code == 403
    assert b'data-code="login_level"' in response.content
    assert "_auth_user_id" not in client.session
    assert national_login(client, "idporten", fnr, acr="idporten-loa-high").status_code == 302


def test_someone_with_no_match_gets_the_clear_page(oidc_provider, bergen, trondheim, case_worker):
    fnr = make_fnr("120438")
    with in_municipality(bergen):
        new_recipient(case_worker, fnr=fnr)  # known in Bergen, not in Trondheim
    client = site_client("trondheim")

    response = national_login(client, "idporten", fnr)

    assert response.status_code == 403
    assert b'data-code="login_no_match"' in response.content
    assert "_auth_user_id" not in client.session
    unknown = national_login(site_client("bergen"), "idporten", make_fnr("010190"))
    assert b'data-code="login_no_match"' in unknown.content
    assert not ExternalIdentity.objects.exists()

"""Pages for recipients, the encrypted identifier, the append-only log, and who sees what."""

import datetime
import logging

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from tenants.recipients import crypto, selectors, services
from tenants.recipients.errors import RecipientError
from tenants.recipients.models import AccessLogEntry, AccessRelation, Recipient
from tests.factories import (
    grant_confirmed,
    make_fnr,
    make_user,
    new_decision,
    new_recipient,
    refused,
    site_client,
)


def test_the_number_is_stored_encrypted_and_found_only_by_exact_match(world, case_worker):
    fnr = make_fnr("150385")
    recipient = new_recipient(case_worker, fnr=fnr, name="Kari Nordmann")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT fnr_encrypted, fnr_index FROM recipients_recipient WHERE id = %s",
            [recipient.pk],
        )
        stored, index = cursor.fetchone()
    assert fnr not in stored and fnr not in index
    assert crypto.decrypt(stored) == fnr
    assert selectors.find_by_fnr(fnr) == recipient
    assert selectors.find_by_fnr(fnr[:10] + str((int(fnr[10]) + 1) % 10)) is None
    assert list(selectors.search_recipients(fnr)) == [recipient]
    assert list(selectors.search_recipients(fnr[:6])) == []  # no partial matching


def test_d_numbers_are_accepted_and_bad_numbers_refused_without_echo(world, case_worker, caplog):
    d_number = make_fnr("010190", d_number=True)
    assert new_recipient(case_worker, fnr=d_number).pk
    bad = "01019012345"
    with pytest.raises(Exception) as bad_number:
        new_recipient(case_worker, fnr=bad)
    assert "ikke gyldig" in str(bad_number.value) and bad not in str(bad_number.value)
    with refused(RecipientError.DUPLICATE_FNR):
        new_recipient(case_worker, fnr=d_number)


def test_the_number_never_reaches_logs_pages_or_sentry(world, case_worker, caplog, bergen):
    from fritt.observability.sentry import before_send

    fnr = make_fnr("240275")
    caplog.set_level(logging.DEBUG)
    client = site_client("bergen", case_worker)
    response = client.post(
        "/ansatt/mottakere/ny/",
        {"full_name": "Ola Hansen", "fnr": fnr, "address": "Kaien 2", "postcode": "5004",
         "postplace": "Bergen"},
    )  # fmt: skip
    assert response.status_code == 302 and fnr not in response["Location"]
    with tenant_context(bergen):
        recipient = Recipient.objects.get(full_name="Ola Hansen")
    detail = client.get(response["Location"]).content.decode()
    assert fnr not in detail and f"{fnr[:6]} *****" in detail
    listing = client.get("/ansatt/mottakere/").content.decode()
    assert "Ola Hansen" in listing and fnr[:6] not in listing
    assert fnr not in caplog.text
    event = before_send(
        {"request": {"data": {"fnr": fnr}}, "extra": {"note": f"mottaker {fnr}"}}, {}
    )
    assert fnr not in str(event)
    assert str(recipient) == f"#{recipient.pk}"


def test_the_access_log_refuses_update_and_delete(world, case_worker):
    new_recipient(case_worker)
    entry = AccessLogEntry.objects.first()
    for statement in (
        "UPDATE recipients_accesslogentry SET what = 'endret' WHERE id = %s",
        "DELETE FROM recipients_accesslogentry WHERE id = %s",
    ):
        with (
            # The app role has no UPDATE or DELETE on the log (test_access_log_role.py); the
            # trigger's own refusal stays for roles that have them.
            pytest.raises(DatabaseError, match="permission denied|kan ikke endres eller slettes"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [entry.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    assert AccessLogEntry.objects.filter(pk=entry.pk, what=entry.what).exists()


def test_a_supplier_sees_its_own_assignments_only(world, case_worker, bergen):
    arna = world["arna"]
    mine = new_decision(case_worker, new_recipient(case_worker, zone=arna, name="Mine Mottaker"),
                        world["service"])  # fmt: skip
    theirs = new_decision(case_worker, new_recipient(case_worker, zone=arna, name="Andre Mottaker"),
                          world["service"])  # fmt: skip
    services.choose_provider(by=case_worker, decision=mine, approval=world["a"], how="brev")
    services.choose_provider(by=case_worker, decision=theirs, approval=world["b"], how="brev")
    supplier_user = make_user(Role.SUPPLIER_MEMBER, supplier=world["a"].supplier)
    page = site_client("bergen", supplier_user).get("/oppdrag/").content.decode()
    assert "Mine Mottaker" in page and "Andre Mottaker" not in page
    assert "Storgata 1" in page
    # Only what the provider needs: no identity number, no other decisions or history.
    assert "*****" not in page and "Historikk" not in page
    assert (
        site_client("bergen", supplier_user)
        .get(f"/ansatt/mottakere/{mine.recipient_id}/")
        .status_code
        == 403
    )
    logged = AccessLogEntry.objects.filter(user=supplier_user)
    assert [(e.recipient_id, e.role) for e in logged] == [(mine.recipient_id, "supplier")]
    outsider = make_user()
    assert site_client("bergen", outsider).get("/oppdrag/").status_code == 403


def test_citizen_chooses_online_and_sees_who_viewed(world, case_worker, bergen):
    recipient = new_recipient(case_worker, zone=world["arna"], name="Sigrid Sol")
    decision = new_decision(case_worker, recipient, world["service"])
    citizen = make_user(full_name="Sigrid Sol")
    grant_confirmed(case_worker, recipient, citizen, AccessRelation.SELF)
    client = site_client("bergen", citizen)
    page = client.get("/min-side/").content.decode()
    assert "Praktisk bistand" in page and "Velg leverandør" in page
    choose_url = f"/min-side/{recipient.pk}/vedtak/{decision.pk}/velg/"
    form = client.get(choose_url).content.decode()
    assert "Rekkefølgen er tilfeldig" in form and "Alfa Omsorg AS" in form
    # The first post only shows the confirmation step; the confirmed one records the choice.
    step = client.post(choose_url, {"provider": str(world["a"].pk)}).content.decode()
    assert "Bekreft valget" in step and selectors.current_assignment(decision) is None
    client.post(choose_url, {"provider": str(world["a"].pk), "bekreft": "1"})
    assert selectors.current_assignment(decision).approval == world["a"]
    viewed = client.get(f"/min-side/{recipient.pk}/innsyn/").content.decode()
    # Plain words: who in which role did what; the person's own views are folded into one line.
    assert "Cato Case, saksbehandler i kommunen" in viewed and "Registrerte et vedtak" in viewed
    assert "case_worker" not in viewed and "detaljside" not in viewed
    assert "Du har selv sett opplysningene" in viewed and "Sigrid Sol, " not in viewed
    # Another citizen cannot open Sigrid's pages.
    other = make_user()
    assert site_client("bergen", other).get("/min-side/").status_code == 403
    assert site_client("bergen", other).get(choose_url).status_code == 404


def test_decision_support_lists_every_provider_the_same_way(world, bergen):
    page = site_client("bergen").get("/valg/praktisk-bistand/").content.decode()
    for name in ("Alfa Omsorg AS", "Beta Hjemmehjelp AS", "Gamma Assistanse AS",
                 "Kommunal egenregi"):  # fmt: skip
        assert name in page
    assert page.count("Tar imot nye brukere") == 4
    assert "Rekkefølgen er tilfeldig" in page
    day = datetime.date(2026, 11, 22)
    orders = {
        tuple(
            p.key
            for p in selectors.providers_for(world["service"], day=day + datetime.timedelta(n))
        )
        for n in range(10)
    }
    assert len(orders) > 1  # the order changes from day to day
    assert orders == {
        tuple(
            p.key
            for p in selectors.providers_for(world["service"], day=day + datetime.timedelta(n))
        )
        for n in range(10)
    }  # and is the same for everyone on a given day


def test_admin_reviews_the_log_and_sees_unusual_access(world, case_worker, bergen):
    for i in range(21):
        services.log_access(
            user=case_worker, recipients=[new_recipient(case_worker, name=f"P{i}")],
            action="view", what="detaljside",
        )  # fmt: skip
    findings = selectors.unusual_access(since=timezone.localdate())
    assert any("mer enn 20" in f.rule and f.user == case_worker for f in findings)
    admin = make_user(Role.MUNICIPAL_ADMIN, municipality=bergen)
    page = site_client("bergen", admin).get("/ansatt/tilgangslogg/").content.decode()
    assert "Uvanlige oppslag" in page and "Cato Case" in page
    assert site_client("bergen", case_worker).get("/ansatt/tilgangslogg/").status_code == 403


def test_case_worker_edits_details_exports_and_gives_online_access(world, case_worker, bergen):
    from django.core import mail

    from tenants.recipients.models import RecipientLogin

    recipient = new_recipient(case_worker, zone=world["arna"], name="Petra Post")
    client = site_client("bergen", case_worker)
    client.post(
        f"/ansatt/mottakere/{recipient.pk}/endre/",
        {"full_name": "Petra Post", "address": "Nyveien 9", "postcode": "5010",
         "postplace": "Bergen", "zone": world["fana"].pk, "phone": "400 00 000"},
    )  # fmt: skip
    recipient.refresh_from_db()
    assert (recipient.address, recipient.zone) == ("Nyveien 9", world["fana"])

    export = client.get("/ansatt/mottakere/eksport.csv")
    body = export.getvalue().decode("utf-8-sig")
    assert export["Content-Type"].startswith("text/csv") and "Petra Post;Nyveien 9" in body
    assert crypto.decrypt(recipient.fnr_encrypted) not in body
    assert AccessLogEntry.objects.filter(recipient=recipient, action="export").exists()

    mail.outbox.clear()
    response = client.post(
        f"/ansatt/mottakere/{recipient.pk}/min-side/",
        {"full_name": "Petra Post", "email": "petra@example.no", "relation": "self"},
    )
    assert response.status_code == 302
    login = RecipientLogin.objects.get(recipient=recipient)
    assert (login.user.email, login.relation) == ("petra@example.no", "self")
    assert not login.user.has_usable_password()  # she chooses it from the mail
    refused = client.post(
        f"/ansatt/mottakere/{recipient.pk}/min-side/",
        {"full_name": "Per Proxy", "email": "per@example.no", "relation": "proxy"},
        follow=True,
    )
    assert "Registrer fullmektigen som kontakt først" in refused.content.decode()


def test_the_access_mail_links_to_the_municipalitys_site(bergen):
    from django.core import mail
    from django_tenants.utils import tenant_context as in_tenant

    from fritt.notifications.services import send_welcome_mail

    citizen = make_user(full_name="Petra Post")
    mail.outbox.clear()
    with in_tenant(bergen):
        send_welcome_mail(user=citizen, role="")
    assert "tilgang til Min side" in mail.outbox[0].body
    assert "bergen.localhost" in mail.outbox[0].body

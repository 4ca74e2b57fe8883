"""Registering suppliers by org.nr, the register's verdict, colleagues."""

import pytest
from django.core.exceptions import PermissionDenied
from django_tenants.utils import schema_context

from fritt.accounts.models import RoleAssignment
from fritt.accounts.roles import Role
from fritt.notifications.models import SentMessage
from fritt.notifications.tasks import send_welcome_mail
from public_site.suppliers import services
from public_site.suppliers.errors import SupplierError
from public_site.suppliers.models import RegisterStatus, Supplier
from public_site.suppliers.selectors import apply_blockers
from public_site.suppliers.tasks import retry_pending_lookups
from tests.factories import PASSWORD, make_supplier, make_user, refused, site_client


def test_register_with_the_registers_data(register_server, db):
    admin = make_user()
    supplier = services.register_supplier(orgnr="912 345 602", admin=admin)
    assert supplier.name == "OMSORG VEST AS" and supplier.orgnr == "912345602"
    assert supplier.register_status == RegisterStatus.VERIFIED
    assert supplier.postplace == "BERGEN"
    assert RoleAssignment.objects.get(supplier=supplier).role == Role.SUPPLIER_ADMIN
    assert apply_blockers(supplier) == []


@pytest.mark.parametrize(
    ("orgnr", "code"),
    [
        ("912345603", SupplierError.INVALID_ORGNR),
        ("12345", SupplierError.INVALID_ORGNR),
        ("912345637", SupplierError.NOT_FOUND),
        ("912345645", SupplierError.DELETED),
    ],
)
def test_registration_refusals(register_server, db, orgnr, code):
    with refused(code):
        services.register_supplier(orgnr=orgnr, admin=make_user())
    assert not Supplier.objects.filter(orgnr=orgnr).exists()


def test_one_account_per_orgnr(register_server, db):
    services.register_supplier(orgnr="912345602", admin=make_user())
    with refused(SupplierError.DUPLICATE_ORGNR):
        services.register_supplier(orgnr="912345602", admin=make_user())


def test_bankrupt_company_registers_but_cannot_apply(register_server, db):
    supplier = services.register_supplier(orgnr="912345610", admin=make_user())
    assert supplier.bankrupt
    assert apply_blockers(supplier) == ["Virksomheten er registrert konkurs."]


def test_offline_registration_uses_manual_entry_and_is_checked_later(
    register_server, settings, db, django_capture_on_commit_callbacks
):
    settings.BRREG_OFFLINE = True
    with refused(SupplierError.MANUAL_REQUIRED):
        services.register_supplier(orgnr="912345629", admin=make_user())
    with django_capture_on_commit_callbacks() as callbacks:
        supplier = services.register_supplier(
            orgnr="912345629", admin=make_user(),
            manual=services.ManualEntry(name="Avvikling AS", postplace="Voss"),
        )  # fmt: skip
    assert len(callbacks) == 1  # the retry is queued for the worker
    assert supplier.register_status == RegisterStatus.PENDING and supplier.name == "Avvikling AS"
    settings.BRREG_OFFLINE = False
    assert retry_pending_lookups() == 1
    supplier.refresh_from_db()
    assert supplier.register_status == RegisterStatus.VERIFIED
    assert supplier.name == "AVVIKLING AS" and supplier.under_liquidation
    assert apply_blockers(supplier) == ["Virksomheten er under avvikling."]


def _register_anonymously(client, form, callbacks):
    """Preview and confirm; the mail task runs here and now instead of in a worker."""
    from unittest import mock

    from public_site.suppliers.tasks import send_registration_mail

    preview = client.post("/leverandor/registrer/", form)
    run_now = mock.patch.object(
        send_registration_mail, "apply_async", lambda args, **kw: send_registration_mail(*args)
    )
    with run_now, callbacks(execute=True):
        done = client.post("/leverandor/registrer/", {**form, "confirmed": "True"})
    return preview, done


def test_registration_page_mails_a_link_that_creates_the_account(
    register_server, db, mailoutbox, django_capture_on_commit_callbacks
):
    client = site_client()
    form = {"orgnr": "912345602", "full_name": "Lise Leder", "email": "lise@omsorg.example"}
    preview, done = _register_anonymously(client, form, django_capture_on_commit_callbacks)
    html = preview.content.decode()
    assert "OMSORG VEST AS" in html and "Bekreft og registrer" in html
    assert done.status_code == 302 and done["Location"] == "/leverandor/registrer/sendt/"
    assert not Supplier.objects.exists()  # nothing about the organisation before the link
    (mail,) = mailoutbox
    assert mail.to == ["lise@omsorg.example"] and "912345602" in mail.subject
    link = next(line for line in mail.body.splitlines() if "/leverandor/registrer/fullfor/" in line)
    path = link.split("localhost:8000", 1)[1]
    good = "Fjord-Lefse-Trikk-2031"
    finished = client.post(path, {"new_password1": good, "new_password2": good})
    assert finished.status_code == 302 and finished["Location"] == "/leverandor/"
    dashboard = client.get("/leverandor/").content.decode()
    assert "OMSORG VEST AS" in dashboard and "Kontrollert mot Enhetsregisteret" in dashboard
    assert client.post(path, {"new_password1": good, "new_password2": good}).status_code == 200
    assert Supplier.objects.count() == 1  # the link works once


def test_registration_answers_alike_whether_or_not_the_email_has_an_account(
    register_server, db, mailoutbox, django_capture_on_commit_callbacks
):
    existing = make_user(email="kjent@omsorg.example", full_name="Kari Kjent")
    answers = {}
    for email in ("kjent@omsorg.example", "ny@omsorg.example"):
        form = {"orgnr": "912345602", "full_name": "Ola Prøver", "email": email}
        preview, done = _register_anonymously(
            site_client(), form, django_capture_on_commit_callbacks
        )
        answers[email] = (preview.status_code, _page_text(preview), done.status_code,
                          done.get("Location"))  # fmt: skip
    assert answers["kjent@omsorg.example"] == answers["ny@omsorg.example"]
    assert answers["ny@omsorg.example"][2:] == (302, "/leverandor/registrer/sendt/")
    known_mail = next(m for m in mailoutbox if m.to == ["kjent@omsorg.example"])
    assert "allerede en konto" in known_mail.body and "/logg-inn/" in known_mail.body
    existing.refresh_from_db()
    assert existing.full_name == "Kari Kjent" and existing.has_usable_password()
    assert not Supplier.objects.exists()


def test_registration_answers_alike_whether_or_not_the_orgnr_has_an_account(
    register_server, db, django_capture_on_commit_callbacks
):
    services.register_supplier(orgnr="912345602", admin=make_user())
    answers = []
    for orgnr, email in (("912345602", "a@annen.example"), ("912345629", "b@annen.example")):
        form = {"orgnr": orgnr, "full_name": "Ola Prøver", "email": email}
        preview, done = _register_anonymously(
            site_client(), form, django_capture_on_commit_callbacks
        )
        html = preview.content.decode()
        assert "allerede" not in html and "Bekreft og registrer" in html
        answers.append((preview.status_code, done.status_code, done.get("Location")))
    assert answers[0] == answers[1] == (200, 302, "/leverandor/registrer/sendt/")


def _page_text(response) -> str:
    import re

    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    html = re.sub(r'value="[^"]*@[^"]*"', "", html)  # the address typed in, echoed back
    return html


def test_registration_page_shows_a_bad_checksum_in_norwegian(db):
    response = site_client().post(
        "/leverandor/registrer/",
        {"orgnr": "912345603", "full_name": "X", "email": "x@example.org"},
    )  # fmt: skip
    assert "ikke et gyldig organisasjonsnummer" in response.content.decode()


def test_admin_invites_colleague_who_gets_a_mail(supplier, mailoutbox):
    admin = make_user(Role.SUPPLIER_ADMIN, supplier=supplier)
    assignment = services.invite_colleague(
        supplier=supplier, invited_by=admin, email="ny@omsorg.example",
        full_name="Nina Ny", role=Role.SUPPLIER_MEMBER,
    )  # fmt: skip
    send_welcome_mail(assignment.user.pk, Role.SUPPLIER_MEMBER, supplier.name)
    assert "Omsorg Test AS" in mailoutbox[0].subject
    assert "http://localhost:8000/konto/passord/" in mailoutbox[0].body
    with schema_context("public"):
        assert SentMessage.objects.filter(to_email="ny@omsorg.example").exists()


def test_member_cannot_invite_and_the_last_admin_stays(supplier):
    admin = make_user(Role.SUPPLIER_ADMIN, supplier=supplier)
    member = make_user(Role.SUPPLIER_MEMBER, supplier=supplier)
    with pytest.raises(PermissionDenied):
        services.invite_colleague(
            supplier=supplier, invited_by=member, email="x@example.org",
            full_name="X", role=Role.SUPPLIER_MEMBER,
        )  # fmt: skip
    only_admin = RoleAssignment.objects.get(user=admin, supplier=supplier)
    with refused(SupplierError.LAST_ADMIN):
        services.remove_colleague(assignment=only_admin, removed_by=admin)
    member_assignment = RoleAssignment.objects.get(user=member, supplier=supplier)
    services.remove_colleague(assignment=member_assignment, removed_by=admin)
    assert not RoleAssignment.objects.filter(user=member).exists()


def test_colleagues_page_is_only_for_the_suppliers_own_users(supplier, db):
    other = make_supplier(orgnr="912345610", name="Annen AS")
    outsider = make_user(Role.SUPPLIER_ADMIN, supplier=other)
    assert (
        site_client(None, outsider).get(f"/leverandor/{supplier.pk}/kolleger/").status_code == 403
    )
    client = site_client()
    client.login(
        username=make_user(Role.SUPPLIER_MEMBER, supplier=supplier).email, password=PASSWORD
    )
    page = client.get(f"/leverandor/{supplier.pk}/kolleger/")
    assert page.status_code == 200 and "Inviter en kollega" not in page.content.decode()

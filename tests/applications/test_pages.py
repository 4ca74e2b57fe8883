"""The pages of apply-once and review, used as a supplier and an officer would."""

from django.core import mail
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from public_site.applying.models import ApplicationPart, SavedSearch
from public_site.applying.notifications import notify_saved_searches
from tenants.applications.models import Application, Approval
from tests.factories import announce, apply_form_data, make_supplier, make_user, site_client


def test_supplier_applies_to_two_municipalities_through_the_pages(
    supplier, supplier_admin, firmaattest, bergen_announcement, trondheim_announcement,
    officer_bergen,
):  # fmt: skip
    client = site_client(None, supplier_admin)
    choose = client.get(f"/leverandor/{supplier.pk}/sok/").content.decode()
    assert bergen_announcement.title in choose and "Trondheim" in choose
    ids = f"k={bergen_announcement.pk}&k={trondheim_announcement.pk}"
    form = client.get(f"/leverandor/{supplier.pk}/sok/skjema/?{ids}").content.decode()
    assert "Felles for alle søknadene" in form
    assert "Firmaattest ikke eldre enn 3 måneder" in form
    assert firmaattest.title in form

    incomplete = client.post(
        f"/leverandor/{supplier.pk}/sok/skjema/",
        {**apply_form_data(firmaattest, bergen_announcement, trondheim_announcement),
         "felles-contact_email": "ikke-epost"},
    )  # fmt: skip
    assert incomplete.status_code == 400  # refused, with the form and its errors
    assert "Oppgi en gyldig epost-adresse." in incomplete.content.decode()
    assert not ApplicationPart.objects.exists()

    response = client.post(
        f"/leverandor/{supplier.pk}/sok/skjema/",
        apply_form_data(firmaattest, bergen_announcement, trondheim_announcement),
    )
    assert response.status_code == 302
    status = client.get(f"/leverandor/{supplier.pk}/soknader/").content.decode()
    assert status.count("Sendt inn") >= 2

    officer = site_client("bergen", officer_bergen)
    inbox = officer.get("/ansatt/soknader/").content.decode()
    assert supplier.name in inbox
    with tenant_context(bergen_announcement.host):
        application = Application.objects.get()
    detail = officer.get(f"/ansatt/soknader/{application.pk}/").content.decode()
    assert "Sjekkliste for vilkårene" in detail and firmaattest.title in detail
    officer.post(f"/ansatt/soknader/{application.pk}/godkjenn/", {"text": "Velkommen."})
    with tenant_context(bergen_announcement.host):
        approval = Approval.objects.get()
    contract = officer.get(f"/ansatt/godkjenninger/{approval.pk}/kontrakt.pdf")
    assert b"".join(contract.streaming_content).startswith(b"%PDF")

    part = ApplicationPart.objects.get(municipality=bergen_announcement.host)
    page = client.get(f"/leverandor/{supplier.pk}/soknader/{part.pk}/").content.decode()
    assert "Aksepter kontrakten" in page and "Velkommen." in page
    client.post(f"/leverandor/{supplier.pk}/soknader/{part.pk}/aksepter/")
    part.refresh_from_db()
    assert part.contract_accepted
    pdf = client.get(f"/leverandor/{supplier.pk}/soknader/{part.pk}/kontrakt.pdf")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    detail = site_client().get(f"/kunngjoringer/{bergen_announcement.pk}/").content.decode()
    assert supplier.name in detail


def test_a_closed_announcement_in_the_form_sends_nothing(
    supplier, supplier_admin, firmaattest, bergen_announcement, trondheim_announcement
):
    trondheim_announcement.status = "closed"
    trondheim_announcement.save()
    client = site_client(None, supplier_admin)
    response = client.post(
        f"/leverandor/{supplier.pk}/sok/skjema/",
        apply_form_data(firmaattest, bergen_announcement, trondheim_announcement),
    )
    # A closed announcement is not offered at all; the open one goes through alone.
    assert response.status_code == 302
    assert list(ApplicationPart.objects.values_list("municipality__slug", flat=True)) == ["bergen"]


def test_other_users_cannot_see_the_suppliers_applications(
    supplier, supplier_admin, firmaattest, bergen_announcement, officer_trondheim
):
    client = site_client(None, supplier_admin)
    client.post(
        f"/leverandor/{supplier.pk}/sok/skjema/", apply_form_data(firmaattest, bergen_announcement)
    )
    part = ApplicationPart.objects.get()

    other = make_supplier(orgnr="912345610", name="Annen AS")
    stranger = make_user(Role.SUPPLIER_ADMIN, supplier=other)
    assert (
        site_client(None, stranger).get(f"/leverandor/{supplier.pk}/soknader/").status_code == 403
    )
    assert (
        site_client(None, stranger).get(f"/leverandor/{other.pk}/soknader/{part.pk}/").status_code
        == 404
    )
    # An officer of Trondheim may not open Bergen's inbox at all.
    assert site_client("bergen", officer_trondheim).get("/ansatt/soknader/").status_code == 403


def test_saved_search_is_told_of_a_matching_new_announcement(
    supplier_admin, bergen, officer_bergen
):
    client = site_client(None, supplier_admin)
    listing = client.get("/kunngjoringer/?q=bistand").content.decode()
    assert "Lagre søket" in listing
    client.post("/leverandor/lagrede-sok/", {"name": "Bistand", "q": "bistand"})
    client.post("/leverandor/lagrede-sok/", {"name": "Trondheim", "kommune": "trondheim"})
    assert SavedSearch.objects.filter(user=supplier_admin).count() == 2
    announcement = announce(bergen, officer_bergen)
    mail.outbox.clear()
    assert notify_saved_searches(announcement_id=announcement.pk) == 1
    assert [m.subject for m in mail.outbox] == [
        "Ny kunngjøring som passer «Bistand»: Praktisk bistand"
    ]
    assert mail.outbox[0].to == [supplier_admin.email]


def test_the_officer_opens_the_attached_document(
    supplier, supplier_admin, firmaattest, bergen_announcement, officer_bergen, officer_trondheim
):
    site_client(None, supplier_admin).post(
        f"/leverandor/{supplier.pk}/sok/skjema/", apply_form_data(firmaattest, bergen_announcement)
    )
    with tenant_context(bergen_announcement.host):
        application = Application.objects.get()
        attached = application.documents.get()
    url = f"/ansatt/soknader/{application.pk}/dokumenter/{attached.pk}/"
    response = site_client("bergen", officer_bergen).get(url)
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert site_client("bergen", officer_trondheim).get(url).status_code == 403
    # The supplier deletes the vault copy: the application keeps its snapshot, the file is gone.
    from public_site.suppliers import services as supplier_services

    supplier_services.delete_document(document=firmaattest, deleted_by=supplier_admin)
    assert site_client("bergen", officer_bergen).get(url).status_code == 404
    detail = site_client("bergen", officer_bergen).get(f"/ansatt/soknader/{application.pk}/")
    assert firmaattest.title in detail.content.decode()


def test_the_supplier_closes_for_new_recipients_and_citizens_see_it(
    supplier, supplier_admin, firmaattest, bergen_announcement, officer_bergen
):
    client = site_client(None, supplier_admin)
    client.post(
        f"/leverandor/{supplier.pk}/sok/skjema/", apply_form_data(firmaattest, bergen_announcement)
    )
    with tenant_context(bergen_announcement.host):
        application = Application.objects.get()
    site_client("bergen", officer_bergen).post(f"/ansatt/soknader/{application.pk}/godkjenn/")
    part = ApplicationPart.objects.get()
    assert (
        "Vi tar imot nye brukere"
        in client.get(f"/leverandor/{supplier.pk}/soknader/{part.pk}/").content.decode()
    )
    client.post(
        f"/leverandor/{supplier.pk}/soknader/{part.pk}/fakta/",
        {"languages": "norsk, arabisk", "staff_competence": "Sykepleiere",
         "contact_phone": "55 99 99 99"},
    )  # fmt: skip
    page = site_client("bergen").get("/valg/praktisk-bistand/").content.decode()
    assert "norsk, arabisk" in page and "Nei, ikke nå" in page
    member = make_user(Role.SUPPLIER_MEMBER, supplier=supplier)
    site_client(None, member).post(
        f"/leverandor/{supplier.pk}/soknader/{part.pk}/fakta/",
        {"takes_new_recipients": "on", "languages": "x", "staff_competence": "y"},
    )
    with tenant_context(bergen_announcement.host):
        assert Approval.objects.get().takes_new_recipients is False  # a member may not change it


def test_publishing_a_new_announcement_queues_the_saved_search_task_in_public(
    bergen, officer_bergen, monkeypatch, django_capture_on_commit_callbacks
):
    from public_site.applying import tasks

    queued = []
    monkeypatch.setattr(
        tasks.notify_saved_searches,
        "apply_async",
        lambda args, headers: queued.append((args, headers)),
    )
    with django_capture_on_commit_callbacks(execute=True):
        announcement = announce(bergen, officer_bergen, title="Ny ordning")
    assert queued == [((announcement.pk,), {"_schema_name": "public"})]

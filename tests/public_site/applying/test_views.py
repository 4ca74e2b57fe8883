"""The pages of apply-once and review, used as a supplier and an officer would."""

from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from public_site.applying.models import ApplicationPart
from tenants.applications.models import Application, Approval
from tests.factories import apply_form_data, assess_all, make_supplier, make_user, site_client


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


def test_the_supplier_closes_for_new_recipients_and_citizens_see_it(
    supplier, supplier_admin, firmaattest, bergen_announcement, officer_bergen
):
    client = site_client(None, supplier_admin)
    client.post(
        f"/leverandor/{supplier.pk}/sok/skjema/", apply_form_data(firmaattest, bergen_announcement)
    )
    with tenant_context(bergen_announcement.host):
        application = Application.objects.get()
        assess_all(application, officer_bergen)
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

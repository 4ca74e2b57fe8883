"""Apply once through the pages: a supplier applies to two municipalities in one submission, an
officer approves, the supplier accepts and the announcement shows the approval."""

import pytest
from django_tenants.utils import tenant_context

from public_site.applying.models import ApplicationPart
from tenants.applications.models import Application, Approval
from tests.factories import apply_form_data, site_client

# Uploads go to the test's own folder (MEDIA_ROOT).
pytestmark = pytest.mark.usefixtures("media")


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
    with tenant_context(bergen_announcement.host):
        conditions = list(application.scheme.conditions.values_list("pk", flat=True))
    officer.post(
        f"/ansatt/soknader/{application.pk}/vurdering/",
        {f"outcome_{pk}": "met" for pk in conditions},
    )
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

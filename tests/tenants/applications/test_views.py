"""The officer's application pages on a municipality's site."""

from django_tenants.utils import tenant_context

from tenants.applications.models import Application
from tests.factories import apply_form_data, site_client


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

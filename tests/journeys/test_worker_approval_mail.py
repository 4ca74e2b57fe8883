"""Decisions reach the supplier by mail through the real, tenant-aware Celery worker."""

import pytest
from django_tenants.utils import schema_context, tenant_context

from fritt.accounts.roles import Role
from fritt.notifications.models import SentMessage
from public_site.applying import services as apply_once
from tenants.applications import services
from tenants.applications.models import Application
from tenants.applications.services import PartRequest
from tenants.municipalities.models import Municipality
from tests.factories import (
    COMMON,
    announce,
    assess_all,
    make_supplier,
    make_user,
    vault_document,
    wait_for,
    wipe_application_world,
)

# Uploads go to the test's own folder (MEDIA_ROOT), also for the live server or worker.
pytestmark = [pytest.mark.worker, pytest.mark.usefixtures("media")]


def test_an_approval_is_mailed_from_the_municipalitys_schema(celery_worker_process, tmp_path):
    bergen = Municipality.objects.get(kommunenummer="4601")
    supplier = make_supplier(orgnr="912345629", name="Varsel Omsorg AS")
    try:
        officer = make_user(Role.MUNICIPAL_OFFICER, municipality=bergen)
        admin = make_user(Role.SUPPLIER_ADMIN, supplier=supplier)
        document = vault_document(supplier, admin)
        announcement = announce(bergen, officer, title="Varslingstest")
        apply_once.submit_envelope(
            supplier=supplier, by=admin, common_answers=COMMON,
            parts=[(announcement, PartRequest(scheme_id=0, document_ids=[document.pk]))],
        )  # fmt: skip
        with tenant_context(bergen):
            application = Application.objects.get(supplier=supplier)
            assess_all(application, officer)
            services.approve(application=application, by=officer, reasons="Velkommen.")

        def sent_in_bergen():
            with schema_context("k4601"):
                return list(SentMessage.objects.filter(to_email=admin.email))

        sent = wait_for(sent_in_bergen, message="the worker never mailed the approval")
        assert sent[0].kind == "application_approved"
        assert sent[0].subject == "Godkjent: Varslingstest i Bergen kommune"
        with schema_context("public"):
            assert not SentMessage.objects.filter(to_email=admin.email).exists()
        mail_dir = tmp_path / "mail"
        mails = wait_for(lambda: list(mail_dir.glob("*.log")), message="no mail file written")
        body = "".join(p.read_text() for p in mails)
        assert "Velkommen." in body and "/leverandor/" in body
    finally:
        wipe_application_world([bergen], [supplier])

"""The officer's own judgement per condition, the supplement answer's documents, the answered
marker in the inbox, and what the supplier reads after a rejection or a revocation."""

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context

from public_site.applying import services as apply_once
from public_site.applying.models import ApplicationPart
from tenants.applications import services
from tenants.applications.models import Application, ApplicationStatus
from tenants.applications.selectors import checklist
from tenants.applications.services import PartRequest
from tests.factories import COMMON, assess_all, site_client, vault_document


@pytest.fixture
def application(supplier, supplier_admin, bergen_announcement, firmaattest):
    apply_once.submit_envelope(
        supplier=supplier, by=supplier_admin, common_answers=COMMON,
        parts=[(bergen_announcement, PartRequest(scheme_id=0, document_ids=[firmaattest.pk]))],
    )  # fmt: skip
    with tenant_context(bergen_announcement.host):
        return Application.objects.select_related("scheme", "supplier").get()


def _condition(application):
    return application.scheme.conditions.get()


def test_a_valid_document_is_not_a_verdict_approval_needs_every_condition_judged_met(
    bergen, officer_bergen, application
):
    with tenant_context(bergen):
        assert checklist(application)[0].ok and not checklist(application)[0].judged_met
        with pytest.raises(ValidationError) as refused:
            services.approve(application=application, by=officer_bergen)
        assert refused.value.code == "not_assessed"
        condition = _condition(application)
        with pytest.raises(ValidationError) as refused:
            services.assess_conditions(
                application=application, by=officer_bergen,
                assessments={condition.pk: ("not_met", " ")},
            )  # fmt: skip
        assert refused.value.code == "assessment_comment"
        with pytest.raises(ValidationError) as refused:
            services.assess_conditions(application=application, by=officer_bergen, assessments={})
        assert refused.value.code == "assessment"
        assess_all(application, officer_bergen, outcome="not_met", comment="Skatt ikke betalt.")
        with pytest.raises(ValidationError) as refused:
            services.approve(application=application, by=officer_bergen)
        assert refused.value.code == "not_assessed"
        assess_all(application, officer_bergen)  # a later judgement replaces the earlier one
        assert application.assessments.count() == 1
        approval = services.approve(application=application, by=officer_bergen)
        assert approval.pk
        assert "assessed" in application.events.values_list("action", flat=True)


def test_the_supplement_answers_document_is_shown_and_must_be_judged_again(
    bergen, supplier, supplier_admin, officer_bergen, application
):
    officer = site_client("bergen", officer_bergen)
    with tenant_context(bergen):
        assess_all(application, officer_bergen)
        services.request_supplement(
            application=application, by=officer_bergen, message="Send ny firmaattest."
        )
    newer = vault_document(supplier, supplier_admin, days_ago=0)
    with tenant_context(bergen):
        services.supplement(
            application=application, by=supplier_admin, message="Her er den nye.",
            document_ids=[newer.pk],
        )  # fmt: skip
        row = checklist(application)[0]
        assert row.document.vault_document_id == newer.pk  # the newest, not the old one
        assert row.document.answer.message == "Her er den nye."
        assert row.stale and not row.judged_met
        with pytest.raises(ValidationError) as refused:
            services.approve(application=application, by=officer_bergen)
        assert refused.value.code == "not_assessed"
    inbox = officer.get("/ansatt/soknader/").content.decode()
    assert "Besvart av leverandøren" in inbox
    detail = officer.get(f"/ansatt/soknader/{application.pk}/").content.decode()
    assert "Nytt i svaret" in detail and "vurder på nytt" in detail
    assert f"/ansatt/soknader/{application.pk}/dokumenter/{row.document.pk}/" in detail
    # The officer judges again through the page, then approves.
    response = officer.post(
        f"/ansatt/soknader/{application.pk}/vurdering/",
        {f"outcome_{_condition(application).pk}": "met"},
    )
    assert response.status_code == 302
    officer.post(f"/ansatt/soknader/{application.pk}/godkjenn/", {"text": ""})
    with tenant_context(bergen):
        assert Application.objects.get(pk=application.pk).status == ApplicationStatus.APPROVED
    approved = officer.get("/ansatt/soknader/?status=approved").content.decode()
    assert "Besvart av leverandøren" not in approved


def test_a_not_met_judgement_without_comment_is_shown_on_the_form(
    bergen, officer_bergen, application
):
    officer = site_client("bergen", officer_bergen)
    with tenant_context(bergen):
        pk = _condition(application).pk
    response = officer.post(
        f"/ansatt/soknader/{application.pk}/vurdering/", {f"outcome_{pk}": "not_met"}
    )
    assert response.status_code == 400
    assert "ikke er oppfylt" in response.content.decode()
    with tenant_context(bergen):
        assert not application.assessments.exists()


def test_a_rejected_part_shows_the_condition_not_met_and_the_right_to_appeal(
    bergen, supplier, supplier_admin, officer_bergen, application
):
    with tenant_context(bergen):
        assess_all(application, officer_bergen, outcome="not_met", comment="Skatt ikke betalt.")
        services.reject(application=application, by=officer_bergen, reasons="Skatterestanse.")
    part = ApplicationPart.objects.get(application_id=application.pk)
    page = (
        site_client(None, supplier_admin)
        .get(f"/leverandor/{supplier.pk}/soknader/{part.pk}/")
        .content.decode()
    )
    assert "Ikke oppfylt" in page and "Skatt ikke betalt." in page
    assert "✓" not in page
    assert "Skatterestanse." in page and "klage" in page and "forvaltningsloven § 29" in page


def test_a_revoked_approval_never_reads_as_approved(
    bergen, supplier, supplier_admin, officer_bergen, application
):
    with tenant_context(bergen):
        assess_all(application, officer_bergen)
        approval = services.approve(application=application, by=officer_bergen)
        services.revoke_approval(approval=approval, by=officer_bergen, reasons="Brudd.")
    officer = site_client("bergen", officer_bergen)
    page = officer.get(f"/ansatt/godkjenninger/{approval.pk}/").content.decode()
    assert "Tilbakekalt" in page and "Gjelder" not in page
    part = ApplicationPart.objects.get(application_id=application.pk)
    supplier_client = site_client(None, supplier_admin)
    status = supplier_client.get(f"/leverandor/{supplier.pk}/soknader/").content.decode()
    assert 'data-color="success">Godkjent' not in status and "Tilbakekalt" in status
    detail = supplier_client.get(f"/leverandor/{supplier.pk}/soknader/{part.pk}/").content.decode()
    assert "ble tilbakekalt" in detail and "forvaltningsloven § 29" in detail

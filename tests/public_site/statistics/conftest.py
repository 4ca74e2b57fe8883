"""A known scenario in Bergen, driven through the real services where they exist."""

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from fritt.tenancy.schemas import current_municipality as scheme_host
from public_site.announcements.projection import project_approved_supplier
from public_site.catalogue.models import ServiceType
from public_site.statistics import projection
from tenants.applications import counting as approval_counting
from tenants.applications import services as application_services
from tenants.applications.models import Application, ApprovalAction, ApprovalEvent
from tenants.recipients import services as recipient_services
from tests.factories import (
    approve,
    make_supplier,
    make_user,
    new_decision,
    new_recipient,
    published,
)


def approved(scheme, name, officer):
    """An approval as the approve service leaves it (its event and its count)."""
    approval = approve(scheme, name)
    projection.application_received(application=approval.application)
    with approval_counting.counted(approval, new=True):
        ApprovalEvent.objects.create(approval=approval, action=ApprovalAction.APPROVED, by=officer)
    project_approved_supplier(
        host=scheme_host(), scheme_id=scheme.pk, supplier_id=approval.supplier_id, active=True
    )
    return approval


@pytest.fixture
def scenario(bergen):
    """Bergen, praktisk bistand: one scheme, three approvals (one later suspended), one
    application rejected ten days after it came in, twelve decisions, twelve choices
    recorded by a case worker (one of them a switch), one complaint and one deviation."""
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=bergen)
    case_worker = make_user(Role.CASE_WORKER, municipality=bergen)
    service = ServiceType.objects.get(code="praktisk-bistand")
    with tenant_context(bergen):
        scheme = published(by=officer)
        a = approved(scheme, "Alfa Omsorg AS", officer)
        b = approved(scheme, "Beta Hjemmehjelp AS", officer)
        approved(scheme, "Gamma Assistanse AS", officer)
        late = Application.objects.create(
            scheme=scheme, supplier=make_supplier(orgnr="974760673", name="Delta AS"),
            envelope_id=0, submitted_at=timezone.now() - datetime.timedelta(days=10),
            decision_due=timezone.localdate() - datetime.timedelta(days=1),
        )  # fmt: skip
        projection.application_received(application=late)
        application_services.reject(application=late, by=officer, reasons="Mangler attest.")
        decisions = []
        for i in range(12):
            recipient = new_recipient(case_worker, name=f"Mottaker {i}")
            decisions.append(new_decision(case_worker, recipient, service))
        for d in decisions[:7]:
            recipient_services.choose_provider(
                by=case_worker, decision=d, approval=a, how="telefon"
            )
        for d in decisions[7:10]:
            recipient_services.choose_provider(
                by=case_worker, decision=d, approval=None, how="telefon"
            )
        recipient_services.choose_provider(
            by=case_worker, decision=decisions[10], approval=b, how="brev"
        )
        # A switch: from Alfa to the municipal provider.
        recipient_services.choose_provider(
            by=case_worker, decision=decisions[0], approval=None, how="telefon"
        )
        application_services.suspend_approval(approval=b, by=officer, reasons="Tilsyn.")
        recipient_services.register_case(
            by=case_worker, kind="complaint", description="For sent", approval=a,
            received_on=timezone.localdate(), recipient=decisions[1].recipient,
        )  # fmt: skip
        deviation = recipient_services.register_case(
            by=case_worker, kind="deviation", description="Glemt besøk", approval=None,
            received_on=timezone.localdate(),
        )  # fmt: skip
        recipient_services.update_case(
            by=case_worker, case=deviation, status="closed", outcome="Rutine endret."
        )
    return {"service": service, "officer": officer, "case_worker": case_worker}

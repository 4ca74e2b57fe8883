"""A joint scheme: the host's approval counts in every participant, for choice and re-choice."""

import pytest
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from public_site.catalogue.models import ServiceType
from tenants.applications import services as approvals
from tenants.recipients import selectors, services
from tenants.recipients.errors import RecipientError
from tenants.recipients.models import AssignmentReason, DecisionStatus
from tenants.schemes import services as scheme_services
from tests.factories import (
    accept_invitations,
    approve,
    complete_draft,
    make_user,
    new_decision,
    new_recipient,
    refused,
    site_client,
)


@pytest.fixture
def joint(eidfjord, ulvik):
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=eidfjord)
    with tenant_context(eidfjord):
        scheme = complete_draft(by=officer, title="Praktisk bistand i indre Hardanger")
        scheme_services.set_participants(scheme=scheme, by=officer, municipalities=[ulvik])
        scheme_services.publish_scheme(scheme=scheme, by=officer)
        approval = approve(scheme, "Hardanger Omsorg AS")
    accept_invitations(host=eidfjord, participant=ulvik)
    case_worker = make_user(Role.CASE_WORKER, municipality=ulvik, full_name="Ulla Ulvik")
    return {"officer": officer, "approval": approval, "case_worker": case_worker,
            "service": ServiceType.objects.get(code="praktisk-bistand")}  # fmt: skip


def test_a_participant_offers_and_records_the_hosts_approved_supplier(joint, eidfjord, ulvik):
    key = f"{eidfjord.pk}:{joint['approval'].pk}"
    with tenant_context(ulvik):
        keys = {p.key for p in selectors.providers_for(joint["service"])}
        assert keys == {"kommunal", key}
        decision = new_decision(joint["case_worker"], new_recipient(joint["case_worker"]),
                                joint["service"])  # fmt: skip
        assignment = services.choose_provider(
            by=joint["case_worker"], decision=decision, approval=None, how="telefon",
            joint=services.JointProvider(host=eidfjord, approval_id=joint["approval"].pk),
        )  # fmt: skip
        assert (assignment.provider_kind, assignment.provider_name) == (
            "joint", "Hardanger Omsorg AS",
        )  # fmt: skip
        with refused(RecipientError.SAME):
            services.choose_provider(
                by=joint["case_worker"], decision=decision, approval=None, how="telefon",
                joint=services.JointProvider(host=eidfjord, approval_id=joint["approval"].pk),
            )  # fmt: skip
    supplier_user = make_user(Role.SUPPLIER_ADMIN, supplier=joint["approval"].supplier)
    page = site_client("ulvik", supplier_user).get("/oppdrag/")
    assert page.status_code == 200 and "Storgata 1" in page.content.decode()


def test_the_hosts_revocation_reaches_recipients_in_the_participant(joint, eidfjord, ulvik):
    with tenant_context(ulvik):
        decision = new_decision(joint["case_worker"], new_recipient(joint["case_worker"]),
                                joint["service"])  # fmt: skip
        services.choose_provider(
            by=joint["case_worker"], decision=decision, approval=None, how="brev",
            joint=services.JointProvider(host=eidfjord, approval_id=joint["approval"].pk),
        )  # fmt: skip
    with tenant_context(eidfjord):
        approvals.revoke_approval(
            approval=joint["approval"], by=joint["officer"], reasons="Alvorlige avvik"
        )
    with tenant_context(ulvik):
        decision.refresh_from_db()
        current = selectors.current_assignment(decision)
        assert decision.status == DecisionStatus.AWAITING_CHOICE
        assert (current.provider_kind, current.reason) == (
            "municipal", AssignmentReason.REVOKED_FALLBACK,
        )  # fmt: skip
        assert {p.key for p in selectors.providers_for(joint["service"])} == {"kommunal"}


def test_the_participants_site_lists_the_joint_scheme(joint):
    page = site_client("ulvik").get("/ordninger/").content.decode()
    assert "Praktisk bistand i indre Hardanger" in page and "Eidfjord kommune" in page


def test_the_participants_decision_support_reads_only_the_national_projection(
    joint, eidfjord, ulvik, monkeypatch
):
    # A public page never enters another municipality's schema: it reads `JointOffer`.
    from fritt.tenancy import schemas

    def refuse(municipality):
        raise AssertionError(f"entered {municipality.schema_name}")

    monkeypatch.setattr(schemas, "in_municipality", refuse)
    monkeypatch.setattr(selectors, "in_municipality", refuse, raising=False)
    page = site_client("ulvik").get("/valg/praktisk-bistand/").content.decode()
    assert "Hardanger Omsorg AS" in page
    # The supplier closing for new recipients reaches the participant's page at once.
    supplier_admin = make_user(Role.SUPPLIER_ADMIN, supplier=joint["approval"].supplier)
    monkeypatch.undo()
    with tenant_context(eidfjord):
        approvals.update_approval_facts(
            approval=joint["approval"], by=supplier_admin, takes_new_recipients=False
        )
    with tenant_context(ulvik):
        offered = {p.name: p.takes_new for p in selectors.providers_for(joint["service"])}
    assert offered["Hardanger Omsorg AS"] is False

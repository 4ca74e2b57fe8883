"""Review: each decision and its refusals, the status the supplier sees, the approval's life."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from public_site.applying import services as apply_once
from public_site.applying.models import ApplicationPart
from tenants.applications import services
from tenants.applications.errors import ApplicationError
from tenants.applications.models import Application, ApplicationStatus, ApprovalStatus
from tenants.applications.selectors import checklist, inbox
from tenants.applications.services import PartRequest
from tests.factories import COMMON, assess_all, make_user, refused, vault_document


@pytest.fixture
def submitted(supplier, supplier_admin, bergen_announcement):
    """Returns a function that submits with the given documents and gives Bergen's application."""

    def _submit(*documents):
        apply_once.submit_envelope(
            supplier=supplier, by=supplier_admin, common_answers=COMMON,
            parts=[(bergen_announcement, PartRequest(scheme_id=0,
                                                     document_ids=[d.pk for d in documents]))],
        )  # fmt: skip
        with tenant_context(bergen_announcement.host):
            return Application.objects.get(status=ApplicationStatus.SUBMITTED)

    return _submit


def part_of(application):
    return ApplicationPart.objects.get(application_id=application.pk)


def test_approval_needs_every_required_document_valid_today(
    bergen, supplier, supplier_admin, officer_bergen, submitted
):
    application = submitted()
    with tenant_context(bergen):
        assert [row.problem for row in checklist(application)] == ["Dokument mangler."]
        with refused(ApplicationError.CONDITIONS):
            services.approve(application=application, by=officer_bergen)
        assert application.status == ApplicationStatus.SUBMITTED
        assert not hasattr(Application.objects.get(pk=application.pk), "approval")


def test_an_expired_document_does_not_count(bergen, supplier, supplier_admin, officer_bergen,
                                            submitted):  # fmt: skip
    expired = vault_document(
        supplier, supplier_admin, days_ago=400,
        valid_until=timezone.localdate() - datetime.timedelta(days=1),
    )  # fmt: skip
    application = submitted(expired)
    with tenant_context(bergen):
        assert [row.problem for row in checklist(application)] == [
            "Dokumentet er ikke gyldig i dag."
        ]
        with refused(ApplicationError.CONDITIONS):
            services.approve(application=application, by=officer_bergen)


def test_supplement_then_approve_makes_an_approval_with_a_contract(
    bergen, supplier, supplier_admin, officer_bergen, submitted, bergen_announcement
):
    application = submitted()
    with tenant_context(bergen):
        services.start_review(application=application, by=officer_bergen)
        with refused(ApplicationError.MESSAGE):
            services.request_supplement(application=application, by=officer_bergen, message=" ")
        services.request_supplement(
            application=application, by=officer_bergen, message="Send firmaattest."
        )
    part = part_of(application)
    assert (part.status, part.message) == ("supplement_requested", "Send firmaattest.")

    document = vault_document(supplier, supplier_admin)
    with tenant_context(bergen):
        services.supplement(
            application=application, by=supplier_admin, message="Vedlagt.",
            document_ids=[document.pk],
        )  # fmt: skip
        assert application.status == ApplicationStatus.SUBMITTED
        assess_all(application, officer_bergen)
        approval = services.approve(application=application, by=officer_bergen, reasons="Ok.")
        assert approval.status == ApprovalStatus.ACTIVE
        assert approval.languages == "norsk, engelsk, polsk"
        assert approval.valid_until is not None
        with approval.contract_file.open("rb") as pdf:
            assert pdf.read(4) == b"%PDF"
        actions = list(application.events.values_list("action", flat=True))
        assert actions == [
            "submitted", "review_started", "supplement_requested", "supplemented", "assessed",
            "approved",
        ]  # fmt: skip
        assert all(e.by_id for e in application.events.all())
    part.refresh_from_db()
    assert (part.status, part.approval_status, part.contract_accepted) == (
        "approved", "active", False,
    )  # fmt: skip
    assert list(bergen_announcement.approved_suppliers.all()) == [supplier]


def test_reject_needs_written_reasons(bergen, officer_bergen, submitted):
    application = submitted()
    with tenant_context(bergen):
        with refused(ApplicationError.REASONS):
            services.reject(application=application, by=officer_bergen, reasons="")
        services.reject(application=application, by=officer_bergen, reasons="Mangler HMS.")
        with refused(ApplicationError.NOT_OPEN):
            services.request_supplement(application=application, by=officer_bergen, message="x")
    part = part_of(application)
    assert (part.status, part.message) == ("rejected", "Mangler HMS.")


def test_an_officer_of_another_municipality_cannot_decide(
    bergen, officer_trondheim, firmaattest, submitted
):
    application = submitted(firmaattest)
    with tenant_context(bergen):
        for act in (services.approve, services.start_review):
            with pytest.raises(PermissionDenied):
                act(application=application, by=officer_trondheim)
        with pytest.raises(PermissionDenied):
            services.reject(application=application, by=officer_trondheim, reasons="Nei")
        assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED


def test_a_case_worker_cannot_decide_on_applications(bergen, firmaattest, submitted):
    case_worker = make_user(Role.CASE_WORKER, municipality=bergen)
    application = submitted(firmaattest)
    with tenant_context(bergen), pytest.raises(PermissionDenied):
        services.approve(application=application, by=case_worker)


def test_supplier_withdraws_only_while_open(bergen, supplier_admin, officer_bergen, submitted):
    application = submitted()
    with tenant_context(bergen):
        services.withdraw(application=application, by=supplier_admin)
        with pytest.raises(ValidationError):
            services.withdraw(application=application, by=supplier_admin)
        assert list(inbox()) == []
    assert part_of(application).status == "withdrawn"


def test_approval_lifecycle(bergen, supplier, supplier_admin, officer_bergen, firmaattest,
                            submitted, bergen_announcement):  # fmt: skip
    application = submitted(firmaattest)
    member = make_user(Role.SUPPLIER_MEMBER, supplier=supplier)
    with tenant_context(bergen):
        assess_all(application, officer_bergen)
        approval = services.approve(application=application, by=officer_bergen)
        with pytest.raises(PermissionDenied):
            services.accept_contract(approval=approval, by=member)
        services.accept_contract(approval=approval, by=supplier_admin)
        with refused(ApplicationError.ACCEPTED):
            services.accept_contract(approval=approval, by=supplier_admin)
        with refused(ApplicationError.REASONS):
            services.suspend_approval(approval=approval, by=officer_bergen, reasons="")
        services.suspend_approval(approval=approval, by=officer_bergen, reasons="Tilsyn pågår.")
        assert list(bergen_announcement.approved_suppliers.all()) == []
        services.reinstate_approval(approval=approval, by=officer_bergen)
        assert list(bergen_announcement.approved_suppliers.all()) == [supplier]
        with pytest.raises(PermissionDenied):
            services.revoke_approval(approval=approval, by=supplier_admin, reasons="x")
        services.revoke_approval(approval=approval, by=officer_bergen, reasons="Brudd på avtalen.")
        with refused(ApplicationError.STATE):
            services.reinstate_approval(approval=approval, by=officer_bergen)
        assert [e.action for e in approval.events.all()] == [
            "approved", "contract_accepted", "suspended", "reinstated", "revoked",
        ]  # fmt: skip
    part = part_of(application)
    assert (part.approval_status, part.contract_accepted, part.message) == (
        "revoked", True, "Brudd på avtalen.",
    )  # fmt: skip
    assert list(bergen_announcement.approved_suppliers.all()) == []


def test_the_supplier_ends_with_its_notice_period(
    bergen, supplier_admin, officer_bergen, firmaattest, submitted
):
    application = submitted(firmaattest)
    with tenant_context(bergen):
        assess_all(application, officer_bergen)
        approval = services.approve(application=application, by=officer_bergen)
        services.end_approval(approval=approval, by=supplier_admin, reasons="Vi legger ned.")
        assert approval.status == ApprovalStatus.ENDED
        assert approval.valid_until == timezone.localdate() + datetime.timedelta(days=90)


def test_the_inbox_orders_by_deadline_and_flags_overdue(bergen, officer_bergen, submitted):
    from tenants.applications.selectors import is_overdue

    application = submitted()
    with tenant_context(bergen):
        Application.objects.filter(pk=application.pk).update(
            decision_due=timezone.localdate() - datetime.timedelta(days=1)
        )
        rows = list(inbox())
        assert rows == [application]
        assert is_overdue(rows[0])


def test_the_notice_runs_in_the_municipalitys_schema_even_if_committed_outside_it(
    bergen, officer_bergen, firmaattest, submitted, monkeypatch, django_capture_on_commit_callbacks
):
    from tenants.applications import tasks

    sent = []
    monkeypatch.setattr(
        tasks.notify_supplier, "apply_async", lambda args, headers: sent.append((args, headers))
    )
    application = submitted(firmaattest)
    with django_capture_on_commit_callbacks(execute=True), tenant_context(bergen):
        assess_all(application, officer_bergen)
        services.approve(application=application, by=officer_bergen)
        # The transaction commits here, back in the public schema.
    assert sent == [((application.pk, "approved"), {"_schema_name": "k4601"})]

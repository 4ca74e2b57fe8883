"""Who may be approved, and by whom: no officer decides for their own company, and an account
the register has not confirmed is not approved."""

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from fritt.accounts.services import assign_role
from public_site.applying import services as apply_once
from public_site.suppliers.models import Supplier
from tenants.applications import services
from tenants.applications.models import Application, ApplicationStatus
from tenants.applications.services import PartRequest
from tests.factories import COMMON, site_client


def _submit(supplier, by, announcement, *documents) -> Application:
    apply_once.submit_envelope(
        supplier=supplier, by=by, common_answers=COMMON,
        parts=[(announcement, PartRequest(scheme_id=0, document_ids=[d.pk for d in documents]))],
    )  # fmt: skip
    with tenant_context(announcement.host):
        return Application.objects.get(supplier=supplier)


def test_an_officer_cannot_approve_their_own_company(
    bergen, supplier, supplier_admin, officer_bergen, firmaattest, bergen_announcement
):
    # The red-team reproduction: the officer also holds a role in the applying company.
    assign_role(user=officer_bergen, role=Role.SUPPLIER_MEMBER, supplier=supplier)
    application = _submit(supplier, supplier_admin, bergen_announcement, firmaattest)
    with tenant_context(bergen):
        for act in (services.approve, services.start_review):
            with pytest.raises(ValidationError) as refused:
                act(application=application, by=officer_bergen)
            assert refused.value.code == "conflict_of_interest"
        with pytest.raises(ValidationError) as refused:
            services.reject(application=application, by=officer_bergen, reasons="Nei")
        assert refused.value.code == "conflict_of_interest"
        assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED
    # Through the page as well: nothing is approved.
    site_client("bergen", officer_bergen).post(
        f"/ansatt/soknader/{application.pk}/godkjenn/", {"reasons": ""}
    )
    with tenant_context(bergen):
        assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED


def test_an_account_the_register_has_not_confirmed_is_not_approved(
    bergen, supplier, supplier_admin, officer_bergen, firmaattest, bergen_announcement
):
    application = _submit(supplier, supplier_admin, bergen_announcement, firmaattest)
    Supplier.objects.filter(pk=supplier.pk).update(register_status="pending")
    with tenant_context(bergen):
        application = Application.objects.select_related("supplier").get(pk=application.pk)
        with pytest.raises(ValidationError) as refused:
            services.approve(application=application, by=officer_bergen)
        assert refused.value.code == "register_unverified"
        assert not hasattr(Application.objects.get(pk=application.pk), "approval")

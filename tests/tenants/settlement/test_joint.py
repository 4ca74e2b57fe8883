"""A joint scheme: the host announces and approves, and each participant settles its own
recipients' visits at the scheme's rates, read from the host."""

import datetime as dt
from decimal import Decimal

from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from public_site.catalogue.models import ServiceType
from tenants.recipients import services as recipient_services
from tenants.schemes import services as scheme_services
from tenants.settlement import services
from tenants.settlement.models import DeliveryLine, ReportMonth
from tests.factories import (
    accept_invitations,
    approve,
    complete_draft,
    make_user,
    new_decision,
    new_recipient,
)

from .conftest import TODAY

D, T = dt.date, dt.time


def test_a_joint_suppliers_visits_are_priced_at_the_hosts_rates_in_the_recipients_municipality(
    eidfjord, ulvik
):
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=eidfjord)
    with tenant_context(eidfjord):
        scheme = complete_draft(by=officer, title="Praktisk bistand i indre Hardanger")
        scheme_services.add_rate(
            scheme=scheme, by=officer, unit="hour", variant="evening",
            amount=Decimal("640.00"), valid_from=D(2026, 11, 16),
        )  # fmt: skip
        scheme_services.set_participants(scheme=scheme, by=officer, municipalities=[ulvik])
        scheme_services.publish_scheme(scheme=scheme, by=officer)
        approval = approve(scheme, "Hardanger Omsorg AS")
    accept_invitations(host=eidfjord, participant=ulvik)
    case_worker = make_user(Role.CASE_WORKER, municipality=ulvik)
    supplier_user = make_user(Role.SUPPLIER_ADMIN, supplier=approval.supplier)
    service = ServiceType.objects.get(code="praktisk-bistand")
    with tenant_context(ulvik):
        decision = new_decision(
            case_worker, new_recipient(case_worker), service, valid_from=D(2026, 10, 1)
        )
        assignment = recipient_services.choose_provider(
            by=case_worker, decision=decision, approval=None, how="telefon",
            joint=recipient_services.JointProvider(host=eidfjord, approval_id=approval.pk),
            today=D(2026, 10, 1),
        )  # fmt: skip
        [before, after] = services.report_lines(
            by=supplier_user,
            lines=[
                services.LineInput(assignment.pk, D(2026, 11, 13), T(16), T(18), "", 1),
                services.LineInput(assignment.pk, D(2026, 11, 20), T(16), T(18), "", 2),
            ],
            source="api",
            today=TODAY,
        )
        # Before the host's evening rate is valid, the all-day rate; from its day, the evening's.
        assert before.amount == Decimal("1024.00")
        assert list(after.parts.order_by("pk").values_list("band", "rate", "amount")) == [
            ("day", Decimal("512.00"), Decimal("512.00")),
            ("evening", Decimal("640.00"), Decimal("640.00")),
        ]
        month = ReportMonth.objects.get()
        assert (month.provider_kind, month.supplier_id) == ("joint", approval.supplier_id)
        assert month.order_reference.startswith(f"{ulvik.kommunenummer}-202611-")
    with tenant_context(eidfjord):
        # The participant pays for its own recipients: nothing of them reaches the host.
        assert not DeliveryLine.objects.exists()
        assert not ReportMonth.objects.exists()

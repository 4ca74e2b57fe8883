"""Builders for complete schemes, used by the scheme and announcement tests."""

import datetime
from decimal import Decimal

from public_site.catalogue.documents import DocumentType
from public_site.catalogue.models import ServiceType
from tenants.schemes import services
from tenants.schemes.models import Scheme

COMPLETE = {
    "description": "Hjelp til rengjøring, klesvask og innkjøp i hjemmet.",
    "target_group": "Hjemmeboende med vedtak om praktisk bistand.",
    "application_process": "Søk i Fritt brukervalg. Vi svarer innen 30 dager.",
    "contact_name": "Kari Kontakt",
    "contact_email": "kari@kommune.example",
    "contract_template": "Standard kontrakt for praktisk bistand.",
    "contract_duration_months": 24,
    "notice_period_supplier_days": 90,
    "notice_period_municipality_days": 90,
    "capacity_rules": "Leverandøren oppgir hvor mange nye brukere den kan ta.",
    "switching_notice_days": 14,
    "decision_deadline_days": 30,
}


def complete_draft(
    *, by, title: str = "Praktisk bistand", code: str = "praktisk-bistand"
) -> Scheme:
    scheme = services.create_scheme(
        by=by, service_type=ServiceType.objects.get(code=code), title=title, **COMPLETE
    )
    services.add_condition(
        scheme=scheme, by=by, text="Firmaattest ikke eldre enn 3 måneder",
        document_type=DocumentType.FIRMAATTEST,
    )  # fmt: skip
    services.add_rate(
        scheme=scheme, by=by, unit="hour", amount=Decimal("512.00"),
        valid_from=datetime.date(2026, 1, 1),
    )  # fmt: skip
    return scheme


def published(*, by, **kwargs) -> Scheme:
    scheme = complete_draft(by=by, **kwargs)
    return services.publish_scheme(scheme=scheme, by=by)


def accept_invitations(*, host, participant) -> None:
    """The participant's own admin accepts every invitation from `host` (consent is required
    before a joint scheme counts there)."""
    from django_tenants.utils import tenant_context

    from fritt.accounts.roles import Role
    from public_site.announcements.models import JointMembership
    from tests.support import make_user

    admin = make_user(Role.MUNICIPAL_ADMIN, municipality=participant)
    with tenant_context(participant):
        for membership in JointMembership.objects.filter(
            host=host, participant=participant, status="invited"
        ):
            services.answer_joint_invitation(membership=membership, by=admin, accept=True)

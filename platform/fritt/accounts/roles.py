"""The roles of the platform, their scope (nation, one municipality, one supplier) and rights."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PLATFORM_OPERATOR = "platform_operator", _("Plattformoperatør")
    MINISTRY_ANALYST = "ministry_analyst", _("Analytiker i departementet")
    MUNICIPAL_ADMIN = "municipal_admin", _("Kommunal administrator")
    MUNICIPAL_OFFICER = "municipal_officer", _("Saksbehandler for godkjenningsordninger")
    CASE_WORKER = "case_worker", _("Saksbehandler for tjenestemottakere")
    SUPPLIER_ADMIN = "supplier_admin", _("Leverandøradministrator")
    SUPPLIER_MEMBER = "supplier_member", _("Leverandørmedarbeider")


NATIONAL_ROLES = frozenset({Role.PLATFORM_OPERATOR, Role.MINISTRY_ANALYST})
MUNICIPAL_ROLES = frozenset({Role.MUNICIPAL_ADMIN, Role.MUNICIPAL_OFFICER, Role.CASE_WORKER})
SUPPLIER_ROLES = frozenset({Role.SUPPLIER_ADMIN, Role.SUPPLIER_MEMBER})


class Capability(models.TextChoices):
    OPERATE_PLATFORM = "operate_platform", _("Klargjøre og drifte kommuner på plattformen")
    VIEW_NATIONAL_STATISTICS = (
        "view_national_statistics",
        _("Se nasjonal statistikk over bruken av fritt brukervalg (bare aggregerte tall)"),
    )
    MANAGE_STAFF = "manage_staff", _("Invitere kommunens ansatte og gi dem roller")
    REVIEW_ACCESS_LOG = "review_access_log", _("Gå gjennom tilgangsloggen for kommunen")
    MANAGE_SCHEMES = "manage_schemes", _("Opprette og kunngjøre godkjenningsordninger")
    REVIEW_APPLICATIONS = (
        "review_applications",
        _("Behandle søknader, godkjenne leverandører og følge opp kontrakter"),
    )
    MANAGE_RECIPIENTS = "manage_recipients", _("Registrere tjenestemottakere, vedtak og brukervalg")
    MANAGE_SUPPLIER_ACCOUNT = (
        "manage_supplier_account",
        _("Administrere leverandørkontoen og invitere kolleger"),
    )
    APPLY_TO_SCHEMES = "apply_to_schemes", _("Søke om godkjenning i kommunenes ordninger")


CAPABILITIES: dict[str, frozenset[str]] = {
    Role.PLATFORM_OPERATOR: frozenset({Capability.OPERATE_PLATFORM}),
    Role.MINISTRY_ANALYST: frozenset({Capability.VIEW_NATIONAL_STATISTICS}),
    Role.MUNICIPAL_ADMIN: frozenset(
        {
            Capability.MANAGE_STAFF,
            Capability.REVIEW_ACCESS_LOG,
            Capability.MANAGE_SCHEMES,
            Capability.REVIEW_APPLICATIONS,
        }
    ),
    Role.MUNICIPAL_OFFICER: frozenset({Capability.MANAGE_SCHEMES, Capability.REVIEW_APPLICATIONS}),
    Role.CASE_WORKER: frozenset({Capability.MANAGE_RECIPIENTS}),
    Role.SUPPLIER_ADMIN: frozenset(
        {Capability.MANAGE_SUPPLIER_ACCOUNT, Capability.APPLY_TO_SCHEMES}
    ),
    Role.SUPPLIER_MEMBER: frozenset({Capability.APPLY_TO_SCHEMES}),
}

"""Reads about suppliers: whether they may apply, their colleagues and valid documents."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fritt.accounts.models import RoleAssignment, User
from fritt.accounts.roles import SUPPLIER_ROLES, Role

from .models import Supplier, SupplierDocument


def apply_blockers(supplier: Supplier) -> list[str]:
    """Why this supplier cannot apply now, in Norwegian; empty when it can."""
    reasons = []
    if supplier.deleted:
        reasons.append(_("Virksomheten er slettet i Enhetsregisteret."))
    if supplier.bankrupt:
        reasons.append(_("Virksomheten er registrert konkurs."))
    if supplier.under_liquidation:
        reasons.append(_("Virksomheten er under avvikling."))
    if supplier.under_forced_liquidation:
        reasons.append(_("Virksomheten er under tvangsavvikling eller tvangsoppløsning."))
    return reasons


def account_blockers(supplier: Supplier) -> list[str]:
    """Why the platform cannot yet let this account apply or be approved (its claim to the
    org.nr is not confirmed), in Norwegian; empty when it can."""
    if not supplier.claim_confirmed:
        return [
            _(
                "Kontoen venter på at Fritt brukervalg bekrefter at dere kan opptre for "
                "virksomheten. Dere kan legge inn dokumenter i mellomtiden."
            )
        ]
    return []


def why_not_apply(supplier: Supplier) -> list[str]:
    """Every reason, register's and platform's, why this account cannot apply now."""
    return apply_blockers(supplier) + account_blockers(supplier)


def pending_claims() -> QuerySet[Supplier]:
    """Accounts whose claim to an org.nr an operator has still to confirm, oldest first."""
    return Supplier.objects.filter(claim_confirmed_at__isnull=True).order_by("created_at")


def supplier_role(*, user: User, supplier: Supplier) -> str | None:
    if not user.is_authenticated:
        return None
    roles = set(
        RoleAssignment.objects.filter(
            user=user, supplier=supplier, role__in=sorted(SUPPLIER_ROLES)
        ).values_list("role", flat=True)
    )
    if Role.SUPPLIER_ADMIN in roles:
        return Role.SUPPLIER_ADMIN
    return Role.SUPPLIER_MEMBER if roles else None


def pending_claims_with_admins(limit: int = 100) -> list[dict]:
    """The oldest waiting claims, each with its admins: two queries however many there are."""
    suppliers = list(pending_claims()[:limit])
    admins: dict[int, list[User]] = {s.pk: [] for s in suppliers}
    for a in (
        RoleAssignment.objects.filter(supplier__in=suppliers, role=Role.SUPPLIER_ADMIN)
        .select_related("user")
        .order_by("pk")
    ):
        admins[a.supplier_id].append(a.user)
    return [{"supplier": s, "admins": admins[s.pk]} for s in suppliers]


def colleagues(supplier: Supplier) -> QuerySet[RoleAssignment]:
    return supplier.role_assignments.select_related("user").order_by("user__full_name", "role")


def documents(supplier: Supplier) -> QuerySet[SupplierDocument]:
    return supplier.documents.select_related("uploaded_by")


def valid_document(
    *, supplier: Supplier, document_type: str, on_date: datetime.date | None = None
) -> SupplierDocument | None:
    """The newest document of this type valid on the date (today by default)."""
    day = on_date or timezone.localdate()
    return (
        supplier.documents.filter(document_type=document_type, valid_from__lte=day)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .order_by("-valid_from", "-uploaded_at")
        .first()
    )


def expiring_documents(
    *, supplier: Supplier, within_days: int | None = None, today: datetime.date | None = None
) -> QuerySet[SupplierDocument]:
    """Documents that expire within the warning window (or have expired)."""
    day = today or timezone.localdate()
    horizon = day + datetime.timedelta(days=within_days or settings.DOCUMENT_EXPIRY_WARNING_DAYS)
    return supplier.documents.filter(valid_until__isnull=False, valid_until__lte=horizon).order_by(
        "valid_until"
    )

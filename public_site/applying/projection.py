"""The supplier's national view of one application (its `ApplicationPart`), kept in step by
the municipality's review services in the same transaction."""

from __future__ import annotations

from django.utils import timezone

from public_site.announcements.projection import project_approved_supplier, project_offer

from .models import ApplicationPart


def project_application(*, application, municipality) -> None:
    """Copy the application's status, deadline, latest message and approval to its part."""
    from tenants.applications.models import ApplicationAction

    approval = getattr(application, "approval", None) if application.pk else None
    latest = (
        application.events.filter(
            action__in=[
                ApplicationAction.SUPPLEMENT_REQUESTED,
                ApplicationAction.APPROVED,
                ApplicationAction.REJECTED,
            ]
        )
        .order_by("-at", "-pk")
        .first()
    )
    message = latest.message if latest else ""
    if approval is not None:
        last_move = approval.events.order_by("-at", "-pk").first()
        if last_move and last_move.reasons:
            message = last_move.reasons
    ApplicationPart.objects.filter(municipality=municipality, application_id=application.pk).update(
        status=application.status,
        decision_due=application.decision_due,
        message=message,
        approval_id=approval.pk if approval else None,
        approval_status=approval.status if approval else "",
        contract_accepted=bool(approval and approval.contract_accepted_at),
        updated_at=timezone.now(),
    )
    if approval is not None:
        project_approved_supplier(
            host=municipality,
            scheme_id=application.scheme_id,
            supplier_id=application.supplier_id,
            active=approval.status == "active",
        )
        project_offer(approval=approval, host=municipality)

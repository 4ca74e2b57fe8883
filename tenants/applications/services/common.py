"""What every application and approval service checks and records: who may review (and
is impartial), who acts for the supplier, the trail and the mail after commit."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from fritt.accounts.guards import require_municipal_role
from fritt.accounts.models import User
from fritt.accounts.roles import Role
from fritt.celery_app import send_after_commit
from fritt.errors import DomainError, NotAllowed
from fritt.tenancy.schemas import current_municipality
from public_site.applying.projection import project_application
from public_site.statistics import projection as statistics
from public_site.suppliers.models import Supplier
from public_site.suppliers.selectors import supplier_role
from tenants.applications.errors import ApplicationError
from tenants.municipalities.models import Municipality

from ..models import (
    Application,
    ApplicationAction,
    ApplicationEvent,
    ApplicationStatus,
)

# Who reviews applications and decides approvals.
OFFICERS = {Role.MUNICIPAL_OFFICER, Role.MUNICIPAL_ADMIN}

# Where each action that moves an application leads (the case's state machine, in one place).
STATUS_AFTER = {
    ApplicationAction.REVIEW_STARTED: ApplicationStatus.UNDER_REVIEW,
    ApplicationAction.SUPPLEMENT_REQUESTED: ApplicationStatus.SUPPLEMENT_REQUESTED,
    ApplicationAction.SUPPLEMENTED: ApplicationStatus.SUBMITTED,
    ApplicationAction.WITHDRAWN: ApplicationStatus.WITHDRAWN,
    ApplicationAction.REJECTED: ApplicationStatus.REJECTED,
    ApplicationAction.APPROVED: ApplicationStatus.APPROVED,
}
# Statuses that end the case (dated), and the actions that lead to them.
DECIDED = {ApplicationStatus.APPROVED, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN}
DECIDING = {ApplicationAction.APPROVED, ApplicationAction.REJECTED, ApplicationAction.WITHDRAWN}

# The facts a supplier states once for every application, shown to citizens when approved.


def require_reviewer(by: User) -> Municipality:
    return require_municipal_role(
        by,
        OFFICERS,
        code=ApplicationError.NOT_SCHEME_OFFICER,
        message=_("Bare saksbehandlere for ordninger i %(name)s kan behandle søknader."),
    )


def require_impartial(by: User, supplier: Supplier) -> None:
    """Nobody reviews or decides a case for a company they work for (forvaltningsloven § 6)."""
    if supplier_role(user=by, supplier=supplier) is not None:
        raise DomainError(
            ApplicationError.CONFLICT_OF_INTEREST,
            _(
                "Du er knyttet til %(name)s og kan ikke behandle saker for virksomheten. "
                "Be en kollega om å gjøre det."
            )
            % {"name": supplier.name},
        )


def require_supplier_user(by: User, supplier: Supplier, *, admin: bool = False) -> None:
    role = supplier_role(user=by, supplier=supplier)
    if role is None or (admin and role != Role.SUPPLIER_ADMIN):
        raise NotAllowed(
            ApplicationError.WRONG_ROLE,
            _("Bare %(who)s i %(name)s kan gjøre dette.")
            % {
                "who": _("administratorer") if admin else _("brukere"),
                "name": supplier.name,
            },
        )


def notify(application: Application, kind: str) -> None:
    from .. import tasks  # tasks import services; imported late to avoid a cycle

    send_after_commit(tasks.notify_supplier, application.pk, kind)


def record(application: Application, action: str, by: User, message: str = "") -> ApplicationEvent:
    event = ApplicationEvent.objects.create(
        application=application, action=action, by=by, message=message
    )
    project_application(application=application, municipality=current_municipality())
    if action in DECIDING:
        statistics.application_decided(application=application)
    return event


def move(application: Application, action: str, by: User, message: str = "") -> ApplicationEvent:
    """The status an action leads to, and its line in the case trail; a decision is dated."""
    application.status = STATUS_AFTER[action]
    fields = ["status"]
    if application.status in DECIDED:
        application.decided_at = timezone.now()
        fields.append("decided_at")
    application.save(update_fields=fields)
    return record(application, action, by, message)

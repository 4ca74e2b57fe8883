"""The access log every read and write of a recipient's data leaves behind, and the
check that the actor is a case worker here."""

from __future__ import annotations

from django.utils.translation import gettext as _

from fritt.accounts.models import User
from fritt.accounts.roles import Role
from fritt.accounts.selectors import roles_in_municipality, supplier_assignments
from fritt.errors import NotAllowed
from fritt.tenancy.schemas import current_municipality
from tenants.recipients.errors import RecipientError

from ..models import (
    AccessLogEntry,
    Recipient,
    RecipientLogin,
)


def role_of(user: User, recipient: Recipient | None = None) -> str:
    """The role a user acts in here, for the access log."""
    roles = roles_in_municipality(user=user, municipality=current_municipality())
    for role in (Role.CASE_WORKER, Role.MUNICIPAL_ADMIN, Role.MUNICIPAL_OFFICER):
        if role in roles:
            return role
    if recipient is not None:
        login = RecipientLogin.objects.filter(
            user=user, recipient=recipient, confirmed_at__isnull=False
        ).first()
        if login:
            return login.relation
    if supplier_assignments(user).exists():
        return "supplier"
    return "unknown"


def log_access(
    *,
    user: User,
    recipients: list[Recipient],
    action: str,
    what: str,
    ip: str | None = None,
    role: str | None = None,
) -> None:
    """Write one entry per recipient seen or changed. Never skipped, never edited. `role`
    names the capacity of someone without a role here (a host municipality's officer)."""
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            user=user,
            role=role or role_of(user, r),
            recipient=r,
            action=action,
            what=what[:200],
            ip=ip,
        )  # fmt: skip
        for r in recipients
    )


def require_case_worker(by: User) -> None:
    if Role.CASE_WORKER not in roles_in_municipality(user=by, municipality=current_municipality()):
        raise NotAllowed(
            RecipientError.NOT_CASE_WORKER,
            _("Bare saksbehandlere for tjenestemottakere i %(name)s kan gjøre dette.")
            % {"name": current_municipality().display_name},
        )

"""The access log every read and write of a recipient's data leaves behind, and the
check that the actor is a case worker here."""

from __future__ import annotations

from django.utils.translation import gettext as _

from fritt.accounts.models import User
from fritt.accounts.roles import Role
from fritt.accounts.selectors import roles_in_municipality, supplier_roles
from fritt.errors import NotAllowed
from fritt.tenancy.schemas import current_municipality
from tenants.recipients.errors import RecipientError

from ..models import (
    AccessLogEntry,
    Recipient,
    RecipientLogin,
)


def _staff_role(user: User) -> str | None:
    roles = roles_in_municipality(user=user, municipality=current_municipality())
    for role in (Role.CASE_WORKER, Role.MUNICIPAL_ADMIN, Role.MUNICIPAL_OFFICER):
        if role in roles:
            return role
    return None


def _outside_role(user: User) -> str:
    return "supplier" if supplier_roles(user) else "unknown"


def role_of(user: User, recipient: Recipient | None = None) -> str:
    """The role a user acts in here, for the access log."""
    return roles_for(user, [recipient] if recipient is not None else [])[
        recipient.pk if recipient is not None else None
    ]


def roles_for(user: User, recipients: list[Recipient]) -> dict[int | None, str]:
    """The role a user acts in for each recipient (by id; None for no recipient), in a fixed
    number of queries however many recipients there are."""
    staff = _staff_role(user)
    ids = [r.pk for r in recipients]
    if staff is not None:
        return dict.fromkeys([*ids, None], staff)
    relations = dict(
        RecipientLogin.objects.filter(
            user=user, recipient_id__in=ids, confirmed_at__isnull=False
        ).values_list("recipient_id", "relation")
    )
    outside = None
    found: dict[int | None, str] = {}
    for key in [*ids, None]:
        if key in relations:
            found[key] = relations[key]
        else:
            outside = outside or _outside_role(user)
            found[key] = outside
    return found


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
    names the capacity of someone without a role here (a host municipality's officer).
    The role is read once for the whole list, and the entries are written in one statement."""
    roles = {} if role else roles_for(user, recipients)
    AccessLogEntry.objects.bulk_create(
        (
            AccessLogEntry(
                user=user,
                role=role or roles[r.pk],
                recipient=r,
                action=action,
                what=what[:200],
                ip=ip,
            )  # fmt: skip
            for r in recipients
        ),
        batch_size=1000,  # PostgreSQL takes at most 65,535 parameters in one statement
    )


def require_case_worker(by: User) -> None:
    if Role.CASE_WORKER not in roles_in_municipality(user=by, municipality=current_municipality()):
        raise NotAllowed(
            RecipientError.NOT_CASE_WORKER,
            _("Bare saksbehandlere for tjenestemottakere i %(name)s kan gjøre dette.")
            % {"name": current_municipality().display_name},
        )

"""The access log every read and write of a recipient's data leaves behind, and the
check that the actor is a case worker here."""

from __future__ import annotations

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from fritt.accounts.guards import require_municipal_role
from fritt.accounts.models import User
from fritt.accounts.roles import Role
from fritt.accounts.selectors import roles_in_municipality, supplier_roles
from fritt.tenancy.schemas import current_municipality
from tenants.recipients.errors import RecipientError

from ..models import (
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
    return roles_for(user, [recipient.pk] if recipient is not None else [])[
        recipient.pk if recipient is not None else None
    ]


def roles_for(user: User, ids: list[int]) -> dict[int | None, str]:
    """The role a user acts in for each recipient (by id; None for no recipient), in a fixed
    number of queries however many recipients there are."""
    staff = _staff_role(user)
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


# One INSERT … SELECT from arrays: a list of any length is one statement with seven
# parameters, and no model instance is built per row (an export logs thousands at once).
_INSERT_LOG = (
    "INSERT INTO recipients_accesslogentry (at, user_id, role, recipient_id, action, what, ip) "
    "SELECT %s, %s, r.role, r.id, %s, %s, %s::inet "
    "FROM unnest(%s::bigint[], %s::text[]) AS r(id, role)"
)


def log_access(
    *,
    user: User,
    recipients: list[Recipient] | None = None,
    action: str,
    what: str,
    ip: str | None = None,
    role: str | None = None,
    recipient_ids: list[int] | None = None,
) -> None:
    """Write one entry per recipient seen or changed (given as rows or as ids). Never skipped,
    never edited. `role` names the capacity of someone without a role here (a host
    municipality's officer). The role is read once for the whole list, and the entries are
    written in one statement."""
    ids = [r.pk for r in recipients or []] + list(recipient_ids or [])
    if not ids:
        return
    roles = roles_for(user, ids) if not role else dict.fromkeys(ids, role)
    with connection.cursor() as cursor:
        cursor.execute(
            _INSERT_LOG,
            [timezone.now(), user.pk, action, what[:200], ip, ids, [roles[pk] for pk in ids]],
        )


def require_case_worker(by: User) -> None:
    require_municipal_role(
        by,
        {Role.CASE_WORKER},
        code=RecipientError.NOT_CASE_WORKER,
        message=_("Bare saksbehandlere for tjenestemottakere i %(name)s kan gjøre dette."),
    )

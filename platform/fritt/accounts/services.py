"""Writes about users and roles: creating accounts, assigning roles, inviting staff."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fritt.celery_app import send_after_commit
from tenants.municipalities.models import Municipality

from .models import RoleAssignment, User
from .roles import MUNICIPAL_ROLES, NATIONAL_ROLES, SUPPLIER_ROLES, Role
from .selectors import roles_in_municipality


def create_user(*, email: str, full_name: str, password: str | None = None) -> User:
    email = (email or "").strip().lower()
    if User.objects.filter(email=email).exists():
        raise ValidationError(
            _("Det finnes allerede en bruker med e-post %(email)s."),
            code="duplicate_email",
            params={"email": email},
        )
    return User.objects.create_user(email, password, full_name=full_name.strip())


def assign_role(
    *,
    user: User,
    role: str,
    municipality: Municipality | None = None,
    supplier=None,
    created_by: User | None = None,
) -> RoleAssignment:
    """Give a user a role in its scope; the scope must fit the role."""
    if role in MUNICIPAL_ROLES and (municipality is None or supplier is not None):
        raise ValidationError(_("En kommunal rolle må gjelde én kommune."), code="scope")
    if role in SUPPLIER_ROLES and (supplier is None or municipality is not None):
        raise ValidationError(_("En leverandørrolle må gjelde én leverandør."), code="scope")
    if role in NATIONAL_ROLES and (municipality is not None or supplier is not None):
        raise ValidationError(_("En nasjonal rolle kan ikke knyttes til en kommune."), code="scope")
    if role not in Role.values:
        raise ValidationError(_("Ukjent rolle: %(role)s."), code="role", params={"role": role})
    assignment, _created = RoleAssignment.objects.get_or_create(
        user=user,
        role=role,
        municipality=municipality,
        supplier=supplier,
        defaults={"created_by": created_by},
    )
    return assignment


def invite_municipal_staff(
    *, invited_by: User, municipality: Municipality, email: str, full_name: str, role: str
) -> RoleAssignment:
    """A municipal admin gives a colleague a role; the colleague gets a welcome mail.

    The mail is sent by the tenant-aware worker after commit, in the municipality's schema,
    where the outbox records it.
    """
    from fritt.notifications.tasks import send_welcome_mail

    if Role.MUNICIPAL_ADMIN not in roles_in_municipality(
        user=invited_by, municipality=municipality
    ):
        raise PermissionDenied(_("Bare kommunens administrator kan invitere ansatte."))
    if role not in MUNICIPAL_ROLES:
        raise ValidationError(_("Velg en kommunal rolle."), code="role")
    with transaction.atomic():
        user = User.objects.filter(email=(email or "").strip().lower()).first()
        if user is None:
            user = create_user(email=email, full_name=full_name)
        assignment = assign_role(
            user=user, role=role, municipality=municipality, created_by=invited_by
        )
        send_after_commit(send_welcome_mail, user.pk, role)
    return assignment

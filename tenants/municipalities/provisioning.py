"""Puts a municipality live: its schema, migrations, domain and lifecycle, in one transaction."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_exists

from fritt.errors import DomainError
from fritt.events.services import state_change
from tenants.municipalities.errors import MunicipalityError

from .models import Domain, Lifecycle, Municipality
from .pool import take_spare_schema


@dataclass(frozen=True)
class ProvisionResult:
    municipality: Municipality
    domain: str
    created_schema: bool
    seconds: float
    from_pool: bool = False


def site_domain(municipality: Municipality) -> str:
    return f"{municipality.slug}.{settings.BASE_DOMAIN}"


@state_change("municipality.provisioned")
def provision_municipality(
    *, municipality: Municipality, activate: bool = False, use_pool: bool = True
) -> ProvisionResult:
    """Take a spare schema from the pool or create one (running the tenant migrations),
    attach the domain.

    Idempotent: provisioning an already provisioned municipality only repairs its domain.
    All or nothing: a failing migration leaves no schema, domain or status change behind.
    """
    started = time.monotonic()
    if municipality.lifecycle == Lifecycle.SUSPENDED:
        raise DomainError(
            MunicipalityError.SUSPENDED,
            _("%(name)s er suspendert. Gjenåpne kommunen i stedet for å klargjøre den på nytt."),
            params={"name": municipality.display_name},
        )
    with transaction.atomic():
        created = not schema_exists(municipality.schema_name)
        from_pool = False
        if created:
            from_pool = use_pool and take_spare_schema(municipality=municipality)
            if not from_pool:
                municipality.create_schema(check_if_exists=True, verbosity=0)
        domain = site_domain(municipality)
        Domain.objects.update_or_create(
            domain=domain, defaults={"tenant": municipality, "is_primary": True}
        )
        if municipality.lifecycle == Lifecycle.REGISTERED:
            municipality.lifecycle = Lifecycle.PROVISIONED
            municipality.provisioned_at = timezone.now()
        if activate:
            municipality.lifecycle = Lifecycle.ACTIVE
        municipality.save(update_fields=["lifecycle", "provisioned_at"])
    return ProvisionResult(
        municipality=municipality,
        domain=domain,
        created_schema=created,
        seconds=time.monotonic() - started,
        from_pool=from_pool,
    )


@state_change("municipality.lifecycle_changed")
def set_lifecycle(*, municipality: Municipality, lifecycle: str) -> Municipality:
    """Activate, suspend or reopen a provisioned municipality."""
    if not municipality.is_provisioned:
        raise DomainError(
            MunicipalityError.NOT_PROVISIONED,
            _("%(name)s er ikke klargjort ennå."),
            params={"name": municipality.display_name},
        )
    if lifecycle == Lifecycle.REGISTERED:
        raise DomainError(
            MunicipalityError.LIFECYCLE,
            _("En klargjort kommune kan ikke settes tilbake til registrert."),
        )
    municipality.lifecycle = lifecycle
    municipality.save(update_fields=["lifecycle"])
    return municipality


@transaction.atomic
def invite_first_admin(*, municipality: Municipality, email: str, full_name: str, by) -> int:
    """The municipality's first administrator, invited by mail once its schema is there (the
    welcome mail goes out from that schema, whose outbox records it). Returns the user's id."""
    from fritt.accounts.models import User
    from fritt.accounts.roles import Role
    from fritt.accounts.services import assign_role, create_user
    from fritt.celery_app import send_after_commit
    from fritt.events.services import record
    from fritt.notifications.tasks import send_welcome_mail
    from fritt.tenancy.schemas import in_municipality

    if not municipality.is_provisioned:
        raise DomainError(
            MunicipalityError.NOT_PROVISIONED,
            _("%(name)s er ikke klargjort ennå."),
            params={"name": municipality.display_name},
        )
    email = email.strip().lower()
    admin = User.objects.filter(email=email).first() or create_user(
        email=email, full_name=full_name
    )
    assign_role(user=admin, role=Role.MUNICIPAL_ADMIN, municipality=municipality, created_by=by)
    with in_municipality(municipality):
        record(
            action="municipality.first_admin_invited",
            subject=("municipalities.municipality", municipality.pk),
            by=by,
            data={"admin": admin.pk},
        )
        send_after_commit(send_welcome_mail, admin.pk, Role.MUNICIPAL_ADMIN)
    return admin.pk

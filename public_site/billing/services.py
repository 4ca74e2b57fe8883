"""Writes about the municipality as a customer: asking to join, confirming, going live."""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fritt.accounts.models import User
from fritt.accounts.roles import Role
from fritt.accounts.selectors import national_roles
from fritt.accounts.services import assign_role, create_user
from fritt.celery_app import send_after_commit
from fritt.errors import DomainError, NotAllowed
from fritt.events.services import record
from fritt.tenancy.schemas import in_municipality
from public_site.catalogue.models import ServiceType
from tenants.municipalities.models import Lifecycle, Municipality
from tenants.municipalities.provisioning import ProvisionResult, provision_municipality

from . import agreements
from .errors import BillingError
from .models import AgreementKind, JoinProof, JoinRequest, JoinStatus, SignedAgreement
from .subscriptions import billing_enabled


def _require_operator(by: User) -> None:
    if Role.PLATFORM_OPERATOR not in national_roles(by):
        raise NotAllowed(
            BillingError.NOT_OPERATOR, _("Bare driftsoperatører kan bekrefte en innmelding.")
        )


def sign_agreement(
    *, municipality: Municipality, kind: str, name: str, email: str, join_request=None
) -> SignedAgreement:
    """Store the current version of an agreement as accepted, with its text and a seal."""
    current = agreements.current(kind)
    signed = SignedAgreement(
        municipality=municipality,
        join_request=join_request,
        kind=kind,
        version=current.version,
        text=current.text,
        text_sha256=hashlib.sha256(current.text.encode()).hexdigest(),
        signed_by_name=name.strip(),
        signed_by_email=email.strip().lower(),
        signed_at=timezone.now().replace(microsecond=0),
    )
    signed.signature = signed.compute_signature()
    signed.save()
    record(
        action="agreement.signed",
        subject=signed,
        data={"kind": kind, "version": current.version, "municipality": municipality.kommunenummer},
    )
    return signed


@transaction.atomic
def request_to_join(
    *,
    municipality: Municipality,
    services: list[ServiceType],
    contact_name: str,
    contact_email: str,
    contact_phone: str = "",
    invoice_reference: str,
    accepted_terms: bool,
    accepted_dpa: bool,
    by: User | None = None,
    altinn_orgnrs: Collection[str] = (),
) -> JoinRequest:
    """A municipality's employee asks to join; the terms and the data processing agreement
    are signed now, in the version shown. When the person's national login (Ansattporten with
    Altinn) shows the right to act for the municipality's org.nr, it goes live at once;
    otherwise the request waits for an operator.

    `altinn_orgnrs` must come from a verified login (the identity room's session), never
    from the form."""
    if municipality.is_provisioned:
        raise DomainError(
            BillingError.ALREADY_LIVE,
            _("%(name)s er allerede med på plattformen."),
            field="municipality",
            params={"name": municipality.display_name},
        )
    if not (accepted_terms and accepted_dpa):
        raise DomainError(
            BillingError.MUST_ACCEPT,
            _("Kommunen må godta bruksvilkårene og databehandleravtalen for å bli med."),
        )
    if not services:
        raise DomainError(BillingError.NO_SERVICES, _("Velg minst én tjeneste."), field="services")
    try:
        with transaction.atomic():
            join = JoinRequest.objects.create(
                municipality=municipality,
                contact_name=contact_name.strip(),
                contact_email=contact_email.strip().lower(),
                contact_phone=contact_phone.strip(),
                invoice_reference=invoice_reference.strip(),
                requested_by=by if getattr(by, "is_authenticated", False) else None,
            )
    except IntegrityError:
        raise DomainError(
            BillingError.ALREADY_REQUESTED,
            _("%(name)s har allerede en innmelding som venter på bekreftelse."),
            field="municipality",
            params={"name": municipality.display_name},
        ) from None
    join.services.set(services)
    for kind in (AgreementKind.TERMS, AgreementKind.DPA):
        sign_agreement(
            municipality=municipality,
            kind=kind,
            name=join.contact_name,
            email=join.contact_email,
            join_request=join,
        )
    record(
        action="join.requested",
        subject=join,
        by=by,
        data={"municipality": municipality.kommunenummer, "services": [s.code for s in services]},
    )
    if may_act_for(municipality=municipality, by=by, altinn_orgnrs=altinn_orgnrs):
        return _go_live(join=join, by=by, proof=JoinProof.ALTINN).join_request
    return join


def may_act_for(
    *, municipality: Municipality, by: User | None, altinn_orgnrs: Collection[str]
) -> bool:
    """Altinn lets this logged-in person act for the municipality's organisation."""
    return bool(
        getattr(by, "is_authenticated", False)
        and municipality.orgnr
        and municipality.orgnr in set(altinn_orgnrs)
    )


@dataclass(frozen=True)
class JoinResult:
    join_request: JoinRequest
    provision: ProvisionResult
    admin: User


@transaction.atomic
def confirm_join(*, join_request: JoinRequest, by: User) -> JoinResult:
    """The operator has checked that the requester may act for the municipality: it goes live
    at once (a spare schema from the pool when one is ready) and the contact becomes its first
    administrator, invited by mail."""
    _require_operator(by)
    return _go_live(join=join_request, by=by, proof=JoinProof.OPERATOR)


def _go_live(*, join: JoinRequest, by: User, proof: str) -> JoinResult:
    """Provision, first administrator, events, welcome mail, pool refill and subscription:
    the same whoever proved the right to act for the municipality (`proof`)."""
    from fritt.notifications.tasks import send_welcome_mail
    from tenants.municipalities.tasks import refill_spare_pool_task

    from .tasks import start_subscription_task

    join = JoinRequest.objects.select_for_update().get(pk=join.pk)
    if join.status != JoinStatus.PENDING:
        raise DomainError(BillingError.DECIDED, _("Innmeldingen er allerede behandlet."))
    municipality = Municipality.registry.select_for_update().get(pk=join.municipality_id)
    if municipality.is_suspended:
        raise DomainError(BillingError.SUSPENDED, _("Kommunen er suspendert."))
    result = provision_municipality(municipality=municipality, activate=True)
    admin = User.objects.filter(email=join.contact_email).first() or create_user(
        email=join.contact_email, full_name=join.contact_name
    )
    assign_role(user=admin, role=Role.MUNICIPAL_ADMIN, municipality=municipality, created_by=by)
    join.status = JoinStatus.CONFIRMED
    join.decided_at = timezone.now()
    join.decided_by = by
    join.proof = proof
    join.save(update_fields=["status", "decided_at", "decided_by", "proof"])
    record(
        action="join.confirmed",
        subject=join,
        by=by,
        data={
            "municipality": municipality.kommunenummer,
            "from_pool": result.from_pool,
            "admin": admin.pk,
            "proof": proof,
        },
    )
    with in_municipality(municipality):
        record(
            action="municipality.went_live",
            subject=("municipalities.municipality", municipality.pk),
            by=by,
            data={"join_request": join.pk, "from_pool": result.from_pool, "proof": proof},
        )
        # The welcome mail goes out from the municipality's schema, whose outbox records it.
        send_after_commit(send_welcome_mail, admin.pk, Role.MUNICIPAL_ADMIN)
    send_after_commit(refill_spare_pool_task)
    if billing_enabled():
        send_after_commit(start_subscription_task, municipality.pk, join.invoice_reference)
    return JoinResult(join_request=join, provision=result, admin=admin)


@transaction.atomic
def reject_join(*, join_request: JoinRequest, by: User) -> JoinRequest:
    """The requester could not show the right to act for the municipality."""
    _require_operator(by)
    join = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join.status != JoinStatus.PENDING:
        raise DomainError(BillingError.DECIDED, _("Innmeldingen er allerede behandlet."))
    join.status = JoinStatus.REJECTED
    join.decided_at = timezone.now()
    join.decided_by = by
    join.save(update_fields=["status", "decided_at", "decided_by"])
    record(
        action="join.rejected",
        subject=join,
        by=by,
        data={"municipality": join.municipality.kommunenummer},
    )
    return join


def sign_in_municipality_employee(*, request, login) -> object | None:
    """IDENTITY_SIGN_IN_HANDLERS entry for Ansattporten on the national site: a person whose
    Altinn rights cover a municipality that has not joined is signed in and sent to "Bli med",
    where the rights (kept in the session by the identity room) let it join without waiting."""
    from fritt.identity.services import SignIn, bind_login, user_for_login

    if getattr(request, "tenant", None) is not None or not login.organisations:
        return None
    joinable = Municipality.registry.filter(
        orgnr__in=list(login.organisations), lifecycle=Lifecycle.REGISTERED
    ).exclude(orgnr="")
    if not joinable.exists():
        return None
    user = user_for_login(login=login) or bind_login(login=login)
    return SignIn(user=user, next_path="/bli-med/")

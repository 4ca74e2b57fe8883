"""Registering a recipient (with the fødselsnummer validated and encrypted), editing the
details, and adding relatives and proxies."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import fodselsnummer

from fritt.accounts.models import User
from fritt.errors import DomainError
from fritt.events.services import record, state_change
from tenants.recipients.errors import RecipientError
from tenants.zones.models import Zone

from .. import crypto
from ..models import (
    AccessAction,
    Contact,
    ContactRelation,
    Recipient,
)
from .access_log import log_access, require_case_worker


def _valid_fnr(fnr: str) -> str:
    number = fodselsnummer.compact(fnr or "")
    try:
        return fodselsnummer.validate(number)
    except StdnumError:
        # The message never repeats the number: error reports and logs must not carry it.
        raise DomainError(
            RecipientError.FNR,
            _("Fødselsnummeret eller D-nummeret er ikke gyldig. Kontroller de 11 sifrene."),
            field="fnr",
        ) from None


@state_change("recipient.registered")
@transaction.atomic
def register_recipient(
    *,
    by: User,
    full_name: str,
    fnr: str,
    address: str,
    postcode: str,
    postplace: str,
    zone: Zone | None = None,
    phone: str = "",
    email: str = "",
    ip: str | None = None,
    external_reference: str | None = None,
) -> Recipient:
    require_case_worker(by)
    number = _valid_fnr(fnr)
    reference = (external_reference or "").strip() or None
    same = Recipient.objects.filter(fnr_index=crypto.index(number)).first()
    if same is not None:
        # `existing_id` lets the API answer 409 with the resource a retried create made.
        raise DomainError(
            RecipientError.DUPLICATE_FNR,
            _("Det finnes allerede en tjenestemottaker med dette fødselsnummeret."),
            field="fnr",
            params={"existing_id": same.pk},
        )
    if reference and (same := Recipient.objects.filter(external_reference=reference).first()):
        raise DomainError(
            RecipientError.DUPLICATE_REFERENCE,
            _("Det finnes allerede en tjenestemottaker med denne eksterne referansen."),
            field="external_reference",
            params={"existing_id": same.pk},
        )
    recipient = Recipient.objects.create(
        full_name=full_name.strip(),
        fnr_encrypted=crypto.encrypt(number),
        fnr_index=crypto.index(number),
        address=address.strip(),
        postcode=postcode.strip(),
        postplace=postplace.strip(),
        zone=zone,
        phone=phone,
        email=email,
        external_reference=reference,
    )
    log_access(
        user=by, recipients=[recipient], action=AccessAction.CREATE, what="tjenestemottaker", ip=ip
    )
    return recipient


RECIPIENT_FIELDS = ("full_name", "address", "postcode", "postplace", "zone", "phone", "email")


@state_change("recipient.updated")
@transaction.atomic
def update_recipient(
    *, by: User, recipient: Recipient, ip: str | None = None, **fields
) -> Recipient:
    """Change name, address, zone or contact; the fødselsnummer is not changed here."""
    require_case_worker(by)
    unknown = set(fields) - set(RECIPIENT_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(recipient, name, value.strip() if isinstance(value, str) else value)
    recipient.save(update_fields=list(fields))
    log_access(
        user=by, recipients=[recipient], action=AccessAction.CHANGE, what="opplysninger", ip=ip
    )
    return recipient


@state_change("contact.added")
@transaction.atomic
def add_contact(
    *, by: User, recipient: Recipient, full_name: str, relation: str, phone: str = "",
    email: str = "", ip: str | None = None, fnr: str = "",
) -> Contact:  # fmt: skip
    """A relative or proxy; a proxy's fødselsnummer (optional) is kept as its keyed index only,
    so that their ID-porten login reaches the person they act for."""
    require_case_worker(by)
    if relation not in ContactRelation.values:
        raise DomainError(RecipientError.RELATION, _("Velg pårørende eller fullmektig."))
    fnr_index = ""
    if (fnr or "").strip():
        if relation != ContactRelation.PROXY:
            raise DomainError(
                RecipientError.RELATION,
                _("Fødselsnummer registreres bare for fullmektiger."),
                field="fnr",
            )
        fnr_index = crypto.index(_valid_fnr(fnr))
        if fnr_index == recipient.fnr_index:
            raise DomainError(
                RecipientError.SAME, _("Fullmektigen kan ikke være brukeren selv."), field="fnr"
            )
    contact = Contact.objects.create(
        recipient=recipient, full_name=full_name, relation=relation, phone=phone, email=email,
        fnr_index=fnr_index,
    )  # fmt: skip
    log_access(user=by, recipients=[recipient], action=AccessAction.CHANGE, what="kontakt", ip=ip)
    return contact


@transaction.atomic
def register_proxy_fnr(*, by: User, contact: Contact, fnr: str, ip: str | None = None) -> Contact:
    """Record a registered proxy's own fødselsnummer (as its keyed index), so that their
    ID-porten login reaches the person they act for."""
    require_case_worker(by)
    if contact.relation != ContactRelation.PROXY:
        raise DomainError(
            RecipientError.RELATION,
            _("Fødselsnummer registreres bare for fullmektiger."),
            field="fnr",
        )
    key = crypto.index(_valid_fnr(fnr))
    if key == contact.recipient.fnr_index:
        raise DomainError(
            RecipientError.SAME, _("Fullmektigen kan ikke være brukeren selv."), field="fnr"
        )
    contact.fnr_index = key
    contact.save(update_fields=["fnr_index"])
    record(
        action="contact.proxy_number_registered",
        subject=contact,
        by=by,
        data={"recipient": contact.recipient_id},
    )
    log_access(
        user=by, recipients=[contact.recipient], action=AccessAction.CHANGE,
        what="fullmektigens fødselsnummer", ip=ip,
    )  # fmt: skip
    return contact

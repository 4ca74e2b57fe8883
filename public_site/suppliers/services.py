"""Writes to supplier accounts: registration by org.nr, the register lookup, colleagues, vault."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.no import orgnr as stdnum_orgnr

from fritt.accounts.models import RoleAssignment, User
from fritt.accounts.roles import SUPPLIER_ROLES, Role
from fritt.accounts.selectors import forget_roles, national_roles
from fritt.accounts.services import assign_role, create_user
from fritt.celery_app import send_after_commit
from fritt.errors import DomainError, NotAllowed
from fritt.events.services import state_change
from fritt.web.bounds import validate_working_date
from public_site.suppliers.errors import SupplierError

from . import brreg
from .models import RegisterStatus, Supplier, SupplierDocument
from .selectors import supplier_role

ALLOWED_CONTENT_TYPES = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}


def clean_orgnr(value: str) -> str:
    number = stdnum_orgnr.compact(value or "")
    if not stdnum_orgnr.is_valid(number):
        raise DomainError(
            SupplierError.INVALID_ORGNR,
            _("«%(value)s» er ikke et gyldig organisasjonsnummer (ni siffer med kontrollsiffer)."),
            params={"value": value},
        )
    return number


@dataclass(frozen=True)
class ManualEntry:
    name: str
    address: str = ""
    postcode: str = ""
    postplace: str = ""


def _apply_register_data(supplier: Supplier, data: brreg.RegisterData) -> None:
    supplier.name = data.name or supplier.name
    supplier.organisation_form_code = data.organisation_form_code
    supplier.organisation_form = data.organisation_form
    supplier.address = data.address
    supplier.postcode = data.postcode
    supplier.postplace = data.postplace
    supplier.bankrupt = data.bankrupt
    supplier.under_liquidation = data.under_liquidation
    supplier.under_forced_liquidation = data.under_forced_liquidation
    supplier.deleted = data.deleted_on is not None


def preview(orgnr: str, *, reveal_existing: bool = True) -> brreg.LookupResult:
    """Validate the number and look it up, for the registration page to show before confirming.

    Someone not logged in is not told here whether the number already has an account; that
    goes by mail to whoever owns the address they give (see request_registration_by_mail).
    """
    number = clean_orgnr(orgnr)
    if reveal_existing and Supplier.objects.filter(orgnr=number).exists():
        raise DomainError(
            SupplierError.DUPLICATE_ORGNR,
            _(
                "Organisasjonsnummer %(value)s har allerede en konto. Be administratoren der om å "
                "invitere deg."
            ),
            params={"value": number},
        )
    result = brreg.lookup(number)
    if result.status == brreg.LookupStatus.NOT_FOUND:
        raise DomainError(
            SupplierError.NOT_FOUND,
            _("Fant ingen virksomhet med organisasjonsnummer %(value)s i Enhetsregisteret."),
            params={"value": number},
        )
    if result.status == brreg.LookupStatus.DELETED:
        raise DomainError(
            SupplierError.DELETED,
            _(
                "Virksomheten med organisasjonsnummer %(value)s er slettet i Enhetsregisteret og "
                "kan ikke registreres."
            ),
            params={"value": number},
        )
    return result


@state_change("supplier.registered")
@transaction.atomic
def register_supplier(
    *,
    orgnr: str,
    admin: User | None = None,
    new_admin: dict[str, str] | None = None,
    manual: ManualEntry | None = None,
) -> Supplier:
    """Create the national account for an organisation; the registering person becomes admin.

    The register decides the name and status when it answers; when it cannot be reached, the
    manual entry is used and the lookup is retried by the worker.
    """
    result = preview(orgnr)
    number = clean_orgnr(orgnr)
    supplier = Supplier(orgnr=number)
    if result.status == brreg.LookupStatus.FOUND:
        _apply_register_data(supplier, result.data)
        supplier.register_status = RegisterStatus.VERIFIED
        supplier.register_checked_at = timezone.now()
    else:
        if manual is None or not manual.name.strip():
            raise DomainError(
                SupplierError.MANUAL_REQUIRED,
                _(
                    "Enhetsregisteret svarer ikke nå. Fyll inn navn og adresse selv; vi "
                    "kontrollerer opplysningene mot registeret senere."
                ),
            )
        supplier.name = manual.name.strip()
        supplier.address = manual.address.strip()
        supplier.postcode = manual.postcode.strip()
        supplier.postplace = manual.postplace.strip()
        supplier.register_status = RegisterStatus.PENDING
    supplier.save()
    if admin is None:
        if not new_admin:
            raise DomainError(SupplierError.ADMIN, _("Oppgi hvem som skal administrere kontoen."))
        admin = create_user(**new_admin)
    assign_role(user=admin, role=Role.SUPPLIER_ADMIN, supplier=supplier)
    if supplier.register_status == RegisterStatus.PENDING:
        from .tasks import retry_register_lookup

        transaction.on_commit(
            lambda: retry_register_lookup.apply_async((supplier.pk,), countdown=60)
        )
    return supplier


REGISTRATION_SALT = "public_site.suppliers.registration"


def sign_registration(*, orgnr: str, manual: ManualEntry) -> str:
    """The organisation part of a registration, carried in the mailed link until it is used."""
    return signing.dumps(
        {"orgnr": orgnr, "manual": [manual.name, manual.address, manual.postcode,
                                    manual.postplace]},
        salt=REGISTRATION_SALT,
        compress=True,
    )  # fmt: skip


def read_registration(signed: str) -> tuple[str, ManualEntry]:
    try:
        data = signing.loads(
            signed, salt=REGISTRATION_SALT, max_age=settings.PASSWORD_RESET_TIMEOUT
        )
    except signing.BadSignature as exc:  # SignatureExpired included
        raise DomainError(
            SupplierError.REGISTRATION_LINK,
            _("Lenken er ugyldig eller utløpt. Registrer virksomheten på nytt."),
        ) from exc
    return data["orgnr"], ManualEntry(*data["manual"])


@transaction.atomic
def request_registration_by_mail(
    *, orgnr: str, email: str, full_name: str, manual: ManualEntry | None = None
) -> None:
    """Someone not logged in registers an organisation: the answer on the page is the same
    whether or not the e-mail (or the org.nr) already has an account; the mail tells the rest.

    A new address gets an account without a password and a link to choose one, which also
    creates the supplier; nothing about the organisation is stored before the link is used,
    so trying again with the same number shows nothing either. A known address gets a mail
    saying so, and how to register from its own account.
    """
    from .tasks import send_registration_mail

    result = preview(orgnr, reveal_existing=False)
    number = clean_orgnr(orgnr)
    manual = manual or ManualEntry(name="")
    if result.status != brreg.LookupStatus.FOUND and not manual.name.strip():
        raise DomainError(
            SupplierError.MANUAL_REQUIRED,
            _(
                "Enhetsregisteret svarer ikke nå. Fyll inn navn og adresse selv; vi kontrollerer "
                "opplysningene mot registeret senere."
            ),
        )
    user = User.objects.filter(email=(email or "").strip().lower()).first()
    if user is not None:
        send_after_commit(send_registration_mail, user.pk, "existing_account", number, "")
        return
    user = create_user(email=email, full_name=full_name)
    signed = sign_registration(orgnr=number, manual=manual)
    send_after_commit(send_registration_mail, user.pk, "finish", number, signed)


@state_change("supplier.registration_finished")
@transaction.atomic
def finish_registration(*, user: User, signed: str, password: str) -> Supplier:
    """The mailed link is used: the supplier is created with the user as admin, who now has a
    password (already checked against the password rules by the form)."""
    orgnr, manual = read_registration(signed)
    supplier = register_supplier(orgnr=orgnr, admin=user, manual=manual)
    user.set_password(password)
    user.save(update_fields=["password"])
    return supplier


@state_change("supplier.register_refreshed")
@transaction.atomic
def refresh_register_data(*, supplier: Supplier) -> brreg.LookupStatus:
    """Look the supplier up again and keep its status flags current."""
    result = brreg.lookup(supplier.orgnr)
    supplier.lookup_attempts += 1
    if result.status == brreg.LookupStatus.FOUND:
        _apply_register_data(supplier, result.data)
        supplier.register_status = RegisterStatus.VERIFIED
        supplier.register_checked_at = timezone.now()
    elif result.status == brreg.LookupStatus.DELETED:
        supplier.deleted = True
        supplier.register_status = RegisterStatus.VERIFIED
        supplier.register_checked_at = timezone.now()
    supplier.save()
    return result.status


def _require_admin(*, user: User, supplier: Supplier) -> None:
    if supplier_role(user=user, supplier=supplier) != Role.SUPPLIER_ADMIN:
        raise NotAllowed(
            SupplierError.NOT_SUPPLIER_ADMIN,
            _("Bare leverandørens administratorer kan gjøre dette."),
        )


@state_change("supplier.colleague_invited")
@transaction.atomic
def invite_colleague(
    *, supplier: Supplier, invited_by: User, email: str, full_name: str, role: str
) -> RoleAssignment:
    from fritt.notifications.tasks import send_welcome_mail

    _require_admin(user=invited_by, supplier=supplier)
    if role not in SUPPLIER_ROLES:
        raise DomainError(SupplierError.ROLE, _("Velg en leverandørrolle."))
    user = User.objects.filter(email=(email or "").strip().lower()).first()
    if user is None:
        user = create_user(email=email, full_name=full_name)
    assignment = assign_role(user=user, role=role, supplier=supplier, created_by=invited_by)
    send_after_commit(send_welcome_mail, user.pk, role, supplier.name)
    return assignment


@state_change("supplier.colleague_removed")
@transaction.atomic
def remove_colleague(*, assignment: RoleAssignment, removed_by: User) -> None:
    supplier = assignment.supplier
    _require_admin(user=removed_by, supplier=supplier)
    if assignment.role == Role.SUPPLIER_ADMIN:
        admins = supplier.role_assignments.filter(role=Role.SUPPLIER_ADMIN).select_for_update()
        if admins.count() <= 1:
            raise DomainError(
                SupplierError.LAST_ADMIN,
                _("Kontoen må ha minst én administrator. Gjør en annen til administrator først."),
            )
    assignment.delete()
    forget_roles()


def _check_upload(upload: UploadedFile) -> str:
    if upload.size > settings.SUPPLIER_DOCUMENT_MAX_BYTES:
        raise DomainError(
            SupplierError.TOO_LARGE,
            _("Filen er for stor (%(size)s MB). Største tillatte størrelse er %(max)s MB.")
            % {
                "size": round(upload.size / 1_048_576, 1),
                "max": settings.SUPPLIER_DOCUMENT_MAX_BYTES // 1_048_576,
            },
        )
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_CONTENT_TYPES:
        raise DomainError(
            SupplierError.FILE_TYPE,
            _("Filen er ikke en PDF, PNG eller JPEG. Vi sjekker innholdet, ikke filnavnet."),
        )
    return kind.mime


def _require_member(*, user: User, supplier: Supplier) -> None:
    if supplier_role(user=user, supplier=supplier) is None:
        raise NotAllowed(
            SupplierError.NO_SUPPLIER_ROLE, _("Du har ingen rolle hos denne leverandøren.")
        )


@state_change("document.uploaded")
@transaction.atomic
def upload_document(
    *,
    supplier: Supplier,
    uploaded_by: User,
    upload: UploadedFile,
    document_type: str,
    title: str,
    valid_from: datetime.date,
    valid_until: datetime.date | None = None,
) -> SupplierDocument:
    _require_member(user=uploaded_by, supplier=supplier)
    validate_working_date(valid_from)
    validate_working_date(valid_until)
    if valid_until and valid_until < valid_from:
        raise DomainError(
            SupplierError.VALID_PERIOD, _("«Gyldig til» kan ikke være før «gyldig fra».")
        )
    content_type = _check_upload(upload)
    document = SupplierDocument(
        supplier=supplier,
        document_type=document_type,
        title=(title or "").strip() or upload.name,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        valid_from=valid_from,
        valid_until=valid_until,
        uploaded_by=uploaded_by,
    )
    document.file.save(f"x{ALLOWED_CONTENT_TYPES[content_type]}", upload, save=False)
    document.save()
    return document


@state_change("document.deleted")
@transaction.atomic
def delete_document(*, document: SupplierDocument, deleted_by: User) -> None:
    _require_member(user=deleted_by, supplier=document.supplier)
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))


def _require_operator(by: User) -> None:
    if Role.PLATFORM_OPERATOR not in national_roles(by):
        raise NotAllowed(
            SupplierError.NOT_OPERATOR, _("Bare driftsoperatører kan bekrefte leverandørkontoer.")
        )


@state_change("supplier.claim_confirmed")
@transaction.atomic
def confirm_claim(*, supplier: Supplier, by: User) -> Supplier:
    """An operator has checked that the registering person may act for the organisation
    (for example by calling the organisation's registered contact); the account may apply."""
    _require_operator(by)
    if supplier.claim_confirmed:
        raise DomainError(SupplierError.ALREADY_CONFIRMED, _("Kontoen er allerede bekreftet."))
    supplier.claim_confirmed_at = timezone.now()
    supplier.claim_confirmed_by = by
    supplier.save(update_fields=["claim_confirmed_at", "claim_confirmed_by"])
    return supplier


@state_change("supplier.claim_rejected")
@transaction.atomic
def reject_claim(*, supplier: Supplier, by: User) -> None:
    """An operator found the claim false: the account is removed so the organisation itself
    can register. Only an unconfirmed account, which cannot have applied, is removed."""
    _require_operator(by)
    if supplier.claim_confirmed:
        raise DomainError(
            SupplierError.ALREADY_CONFIRMED, _("En bekreftet konto kan ikke avvises her.")
        )
    for document in supplier.documents.all():
        document.file.delete(save=False)
    RoleAssignment.objects.filter(supplier=supplier).delete()
    forget_roles()
    supplier.delete()


@transaction.atomic
def sync_altinn_access(*, user: User, organisations: tuple[str, ...] | list[str]) -> list[Supplier]:
    """Let an Ansattporten login act for the suppliers Altinn says it may act for, and no more.

    A member role is given for each organisation in the authorization that has an account;
    member roles Altinn gave earlier (no inviting colleague) for organisations no longer in
    the authorization are taken back. Roles given by a colleague or by registering stay."""
    from fritt.events.services import record

    suppliers = list(Supplier.objects.filter(orgnr__in=list(organisations)))
    for supplier in suppliers:
        if not RoleAssignment.objects.filter(user=user, supplier=supplier).exists():
            assign_role(user=user, role=Role.SUPPLIER_MEMBER, supplier=supplier)
            record(
                action="supplier.altinn_access_given",
                subject=supplier,
                by=user,
                data={"user": user.pk, "orgnr": supplier.orgnr},
            )
    stale = RoleAssignment.objects.filter(
        user=user, role=Role.SUPPLIER_MEMBER, created_by__isnull=True
    ).exclude(supplier__orgnr__in=list(organisations))
    for assignment in stale.select_related("supplier"):
        record(
            action="supplier.altinn_access_ended",
            subject=assignment.supplier,
            by=user,
            data={"user": user.pk, "orgnr": assignment.supplier.orgnr},
        )
        assignment.delete()
    return suppliers


def sign_in_supplier_employee(*, request, login) -> object | None:
    """IDENTITY_SIGN_IN_HANDLERS entry for Ansattporten on the national site: a person whose
    Altinn rights cover an organisation acts for its supplier account; an organisation with
    no account yet is offered registration with the org.nr from the authorization."""
    from urllib.parse import urlencode

    from fritt.identity.services import SignIn, bind_login, user_for_login

    if getattr(request, "tenant", None) is not None:
        return None
    user = user_for_login(login=login)
    if not login.organisations:
        if user is not None and RoleAssignment.objects.filter(user=user).exists():
            return SignIn(user=user)
        return None
    user = user or bind_login(login=login)
    suppliers = sync_altinn_access(user=user, organisations=login.organisations)
    if suppliers:
        return SignIn(user=user, next_path="/leverandor/")
    return SignIn(
        user=user,
        next_path="/leverandor/registrer/?" + urlencode({"orgnr": login.organisations[0]}),
    )

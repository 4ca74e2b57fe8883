"""Min side access: a case worker gives it by e-mail, the account holder confirms it
with the recipient's fødselsnummer."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.no import fodselsnummer

from fritt.accounts.models import User
from fritt.errors import DomainError, NotAllowed
from fritt.events.services import record, state_change
from tenants.recipients.errors import RecipientError

from .. import crypto
from ..models import (
    AccessAction,
    AccessRelation,
    ContactRelation,
    Recipient,
    RecipientLogin,
)
from .access_log import log_access, require_case_worker


@state_change("online_access.invited")
@transaction.atomic
def invite_online_access(
    *, by: User, recipient: Recipient, email: str, full_name: str, relation: str
) -> RecipientLogin:
    """Give the recipient, or a registered proxy, access to Min side: an account (made if
    missing) and a mail with a link to choose a password, sent from this municipality."""
    from fritt.accounts.services import create_user
    from fritt.celery_app import send_after_commit
    from fritt.notifications.tasks import send_welcome_mail

    require_case_worker(by)
    if relation not in AccessRelation.values:
        raise DomainError(
            RecipientError.RELATION, _("Velg om det er brukeren selv eller en fullmektig.")
        )
    user = User.objects.filter(email=(email or "").strip().lower()).first()
    if user is None:
        user = create_user(email=email, full_name=full_name)
    login = grant_login(by=by, recipient=recipient, user=user, relation=relation)
    send_after_commit(send_welcome_mail, user.pk, "")
    return login


@state_change("online_access.granted")
@transaction.atomic
def grant_login(*, by: User, recipient: Recipient, user: User, relation: str) -> RecipientLogin:
    """Let a citizen (the recipient, or a proxy) see and act for the recipient online."""
    require_case_worker(by)
    if (
        relation == AccessRelation.PROXY
        and not recipient.contacts.filter(relation=ContactRelation.PROXY).exists()
    ):
        raise DomainError(RecipientError.NO_PROXY, _("Registrer fullmektigen som kontakt først."))
    login, _created = RecipientLogin.objects.get_or_create(
        user=user,
        recipient=recipient,
        defaults={"relation": relation, "granted_at": timezone.now()},
    )
    log_access(
        user=by, recipients=[recipient], action=AccessAction.CHANGE,
        what=f"innlogging gitt ({relation}), venter på bekreftelse",
    )  # fmt: skip
    return login


MAX_FAILED_CONFIRMATIONS = 5


def confirm_online_access(
    *, user: User, login: RecipientLogin, fnr: str, ip: str | None = None
) -> RecipientLogin:
    """The account holder confirms access to Min side by giving the fødselsnummer of the
    person it concerns (their own, or the one they are proxy for). After five wrong answers
    the access is withdrawn and the case worker must give it again."""
    # The failed attempt is committed before the refusal is raised: raising inside the
    # transaction would roll the count (and the withdrawal) back.
    outcome, login = _record_confirmation(user=user, login=login, fnr=fnr, ip=ip)
    if outcome == "withdrawn":
        raise DomainError(
            RecipientError.CONFIRMATION_WITHDRAWN,
            _("Tilgangen er trukket tilbake etter for mange feil. Kontakt kommunen."),
        )
    if outcome == "mismatch":
        raise DomainError(
            RecipientError.FNR_MISMATCH,
            _("Fødselsnummeret stemmer ikke med tilgangen du har fått. Prøv igjen."),
        )
    return login


@transaction.atomic
def _record_confirmation(
    *, user: User, login: RecipientLogin, fnr: str, ip: str | None
) -> tuple[str, RecipientLogin]:
    login = RecipientLogin.objects.select_for_update().select_related("recipient").get(pk=login.pk)
    if login.user_id != user.pk:
        raise NotAllowed(
            RecipientError.ACCESS_OF_ANOTHER_ACCOUNT,
            _("Denne tilgangen er gitt til en annen konto."),
        )
    if login.confirmed_at is not None:
        return "confirmed", login
    if crypto.index(fodselsnummer.compact(fnr or "")) != login.recipient.fnr_index:
        login.failed_confirmations += 1
        if login.failed_confirmations < MAX_FAILED_CONFIRMATIONS:
            login.save(update_fields=["failed_confirmations"])
            return "mismatch", login
        login_pk = login.pk
        login.delete()
        log_access(
            user=user, recipients=[login.recipient], action=AccessAction.CHANGE,
            what="innlogging trukket tilbake etter fem feil bekreftelser", ip=ip,
            role=f"{login.relation}_unconfirmed",
        )  # fmt: skip
        record(action="online_access.withdrawn", subject=("recipients.recipientlogin", login_pk),
               by=user, data={"recipient": login.recipient_id})  # fmt: skip
        return "withdrawn", login
    login.confirmed_at = timezone.now()
    login.save(update_fields=["confirmed_at"])
    log_access(
        user=user, recipients=[login.recipient], action=AccessAction.CHANGE,
        what="innlogging bekreftet av kontoinnehaveren", ip=ip, role=login.relation,
    )  # fmt: skip
    record(action="online_access.confirmed", subject=login, by=user,
           data={"recipient": login.recipient_id})  # fmt: skip
    return "confirmed", login

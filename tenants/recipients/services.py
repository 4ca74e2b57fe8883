"""State changes for recipients: register, decide, choose, switch, the default rule, re-choice
when an approval stops, complaints and deviations, and the access log every read and write
leaves behind. Each is one transactional function that checks who may act."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import fodselsnummer

from fritt.accounts.models import User
from fritt.accounts.roles import Role
from fritt.accounts.selectors import roles_in_municipality, supplier_assignments
from fritt.tenancy.schemas import each_municipality, in_municipality
from fritt.web.bounds import long_text, validate_working_date
from public_site.catalogue.models import ServiceType
from tenants.applications.models import Approval, ApprovalStatus
from tenants.municipalities.models import Municipality
from tenants.schemes.models import DefaultProviderRule
from tenants.zones.models import Zone

from . import crypto, selectors
from .models import (
    MAX_EXTENT,
    AccessAction,
    AccessLogEntry,
    AccessRelation,
    Assignment,
    AssignmentReason,
    CaseKind,
    CaseStatus,
    Contact,
    ContactRelation,
    DecisionStatus,
    ProviderKind,
    QualityCase,
    Recipient,
    RecipientLogin,
    ServiceDecision,
)

DEFAULT_CHOICE_DAYS = 14
DEFAULT_SWITCH_DAYS = 14


def _municipality() -> Municipality:
    tenant = getattr(connection, "tenant", None)
    if not isinstance(tenant, Municipality):
        raise RuntimeError("recipient services run in a municipality's schema")
    return tenant


def role_of(user: User, recipient: Recipient | None = None) -> str:
    """The role a user acts in here, for the access log."""
    roles = roles_in_municipality(user=user, municipality=_municipality())
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


def _require_case_worker(by: User) -> None:
    if Role.CASE_WORKER not in roles_in_municipality(user=by, municipality=_municipality()):
        raise PermissionDenied(
            _("Bare saksbehandlere for tjenestemottakere i %(name)s kan gjøre dette.")
            % {"name": _municipality().display_name}
        )


def _valid_fnr(fnr: str) -> str:
    number = fodselsnummer.compact(fnr or "")
    try:
        return fodselsnummer.validate(number)
    except StdnumError:
        # The message never repeats the number: error reports and logs must not carry it.
        raise ValidationError(
            _("Fødselsnummeret eller D-nummeret er ikke gyldig. Kontroller de 11 sifrene."),
            code="fnr",
        ) from None


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
) -> Recipient:
    _require_case_worker(by)
    number = _valid_fnr(fnr)
    if Recipient.objects.filter(fnr_index=crypto.index(number)).exists():
        raise ValidationError(
            _("Det finnes allerede en tjenestemottaker med dette fødselsnummeret."),
            code="duplicate",
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
    )
    log_access(
        user=by, recipients=[recipient], action=AccessAction.CREATE, what="tjenestemottaker", ip=ip
    )
    return recipient


RECIPIENT_FIELDS = ("full_name", "address", "postcode", "postplace", "zone", "phone", "email")


@transaction.atomic
def update_recipient(
    *, by: User, recipient: Recipient, ip: str | None = None, **fields
) -> Recipient:
    """Change name, address, zone or contact; the fødselsnummer is not changed here."""
    _require_case_worker(by)
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


@transaction.atomic
def invite_online_access(
    *, by: User, recipient: Recipient, email: str, full_name: str, relation: str
) -> RecipientLogin:
    """Give the recipient, or a registered proxy, access to Min side: an account (made if
    missing) and a mail with a link to choose a password, sent from this municipality."""
    from fritt.accounts.services import create_user
    from fritt.celery_app import send_after_commit
    from fritt.notifications.tasks import send_welcome_mail

    _require_case_worker(by)
    if relation not in AccessRelation.values:
        raise ValidationError(_("Velg om det er brukeren selv eller en fullmektig."))
    user = User.objects.filter(email=(email or "").strip().lower()).first()
    if user is None:
        user = create_user(email=email, full_name=full_name)
    login = grant_login(by=by, recipient=recipient, user=user, relation=relation)
    send_after_commit(send_welcome_mail, user.pk, "")
    return login


@transaction.atomic
def add_contact(
    *, by: User, recipient: Recipient, full_name: str, relation: str, phone: str = "",
    email: str = "", ip: str | None = None,
) -> Contact:  # fmt: skip
    _require_case_worker(by)
    if relation not in ContactRelation.values:
        raise ValidationError(_("Velg pårørende eller fullmektig."))
    contact = Contact.objects.create(
        recipient=recipient, full_name=full_name, relation=relation, phone=phone, email=email
    )
    log_access(user=by, recipients=[recipient], action=AccessAction.CHANGE, what="kontakt", ip=ip)
    return contact


@transaction.atomic
def grant_login(*, by: User, recipient: Recipient, user: User, relation: str) -> RecipientLogin:
    """Let a citizen (the recipient, or a proxy) see and act for the recipient online."""
    _require_case_worker(by)
    if (
        relation == AccessRelation.PROXY
        and not recipient.contacts.filter(relation=ContactRelation.PROXY).exists()
    ):
        raise ValidationError(_("Registrer fullmektigen som kontakt først."))
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
        raise ValidationError(
            _("Tilgangen er trukket tilbake etter for mange feil. Kontakt kommunen."),
            code="confirmation_withdrawn",
        )
    if outcome == "mismatch":
        raise ValidationError(
            _("Fødselsnummeret stemmer ikke med tilgangen du har fått. Prøv igjen."),
            code="fnr_mismatch",
        )
    return login


@transaction.atomic
def _record_confirmation(
    *, user: User, login: RecipientLogin, fnr: str, ip: str | None
) -> tuple[str, RecipientLogin]:
    login = RecipientLogin.objects.select_for_update().select_related("recipient").get(pk=login.pk)
    if login.user_id != user.pk:
        raise PermissionDenied(_("Denne tilgangen er gitt til en annen konto."))
    if login.confirmed_at is not None:
        return "confirmed", login
    if crypto.index(fodselsnummer.compact(fnr or "")) != login.recipient.fnr_index:
        login.failed_confirmations += 1
        if login.failed_confirmations < MAX_FAILED_CONFIRMATIONS:
            login.save(update_fields=["failed_confirmations"])
            return "mismatch", login
        login.delete()
        log_access(
            user=user, recipients=[login.recipient], action=AccessAction.CHANGE,
            what="innlogging trukket tilbake etter fem feil bekreftelser", ip=ip,
            role=f"{login.relation}_unconfirmed",
        )  # fmt: skip
        return "withdrawn", login
    login.confirmed_at = timezone.now()
    login.save(update_fields=["confirmed_at"])
    log_access(
        user=user, recipients=[login.recipient], action=AccessAction.CHANGE,
        what="innlogging bekreftet av kontoinnehaveren", ip=ip, role=login.relation,
    )  # fmt: skip
    return "confirmed", login


@transaction.atomic
def create_decision(
    *,
    by: User,
    recipient: Recipient,
    service_type: ServiceType,
    extent: Decimal,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    extent_unit: str = "timer per uke",
    choice_days: int = DEFAULT_CHOICE_DAYS,
    ip: str | None = None,
) -> ServiceDecision:
    """A service decision (vedtak). The recipient gets a deadline to choose a provider."""
    _require_case_worker(by)
    if extent <= 0:
        raise ValidationError(_("Omfanget må være større enn null."), code="extent")
    if extent > MAX_EXTENT:
        raise ValidationError(
            _("Omfanget kan ikke være mer enn %(max)s per uke.") % {"max": MAX_EXTENT},
            code="extent_too_large",
        )
    validate_working_date(valid_from)
    validate_working_date(valid_to)
    if valid_to and valid_to < valid_from:
        raise ValidationError(_("Sluttdatoen kan ikke være før startdatoen."), code="dates")
    decision = ServiceDecision.objects.create(
        recipient=recipient,
        service_type=service_type,
        scheme=selectors.scheme_for(service_type),
        extent=extent,
        extent_unit=extent_unit,
        valid_from=valid_from,
        valid_to=valid_to,
        choice_deadline=timezone.localdate() + datetime.timedelta(days=choice_days),
        created_by=by,
    )
    log_access(user=by, recipients=[recipient], action=AccessAction.CREATE, what="vedtak", ip=ip)
    return decision


def _who_chooses(by: User, decision: ServiceDecision, how: str) -> tuple[str, str]:
    """(reason, detail) for a choice made by this user, or PermissionDenied."""
    if Role.CASE_WORKER in roles_in_municipality(user=by, municipality=_municipality()):
        if not how.strip():
            raise ValidationError(
                _("Skriv hvordan brukeren uttrykte valget (for eksempel på telefon)."),
                code="how",
            )
        return AssignmentReason.CASE_WORKER, how.strip()
    login = RecipientLogin.objects.filter(
        user=by, recipient=decision.recipient, confirmed_at__isnull=False
    ).first()
    if login is None:
        raise PermissionDenied(_("Du kan ikke velge leverandør for denne personen."))
    if login.relation == AccessRelation.PROXY:
        return AssignmentReason.PROXY, ""
    return AssignmentReason.RECIPIENT, ""


def _check_provider(decision: ServiceDecision, approval: Approval | None, day) -> None:
    if approval is None:
        return
    if approval.status != ApprovalStatus.ACTIVE:
        raise ValidationError(_("Leverandøren er ikke godkjent nå."), code="approval")
    if approval.scheme.service_type_id != decision.service_type_id:
        raise ValidationError(_("Leverandøren er ikke godkjent for denne tjenesten."))
    if not selectors.serves_zone(approval, decision.recipient.zone):
        raise ValidationError(
            _("%(s)s dekker ikke sonen der brukeren bor.") % {"s": approval.supplier.name},
            code="zone",
        )
    if not approval.takes_new_recipients or selectors.at_capacity(approval, day):
        raise ValidationError(
            _("%(s)s tar ikke imot nye brukere nå.") % {"s": approval.supplier.name},
            code="capacity",
        )


@dataclass(frozen=True)
class JointProvider:
    """A supplier approved in a joint scheme hosted by another municipality."""

    host: Municipality
    approval_id: int


def _start(
    decision: ServiceDecision,
    *,
    approval: Approval | None,
    starts_on: datetime.date,
    reason: str,
    detail: str,
    by: User | None,
    joint: dict | None = None,
) -> Assignment:
    if joint is not None:
        return Assignment.objects.create(
            decision=decision, provider_kind=ProviderKind.JOINT, joint_host=joint["host"],
            joint_approval_id=joint["approval_id"], joint_supplier_id=joint["supplier_id"],
            starts_on=starts_on, reason=reason, reason_detail=detail[:300], created_by=by,
        )  # fmt: skip
    return Assignment.objects.create(
        decision=decision,
        provider_kind=ProviderKind.SUPPLIER if approval else ProviderKind.MUNICIPAL,
        approval=approval,
        starts_on=starts_on,
        reason=reason,
        reason_detail=detail[:300],
        created_by=by,
    )


def _check_joint(decision: ServiceDecision, provider: JointProvider) -> dict:
    facts = selectors.joint_approval(host=provider.host, approval_id=provider.approval_id)
    participates = Municipality.objects.filter(
        pk=_municipality().pk, joint_announcements__host=provider.host
    ).exists()
    if facts is None or not facts["active"] or not participates:
        raise ValidationError(_("Leverandøren er ikke godkjent nå."), code="approval")
    if facts["service_type_id"] != decision.service_type_id:
        raise ValidationError(_("Leverandøren er ikke godkjent for denne tjenesten."))
    if not facts["takes_new"]:
        raise ValidationError(
            _("%(s)s tar ikke imot nye brukere nå.") % {"s": facts["supplier_name"]},
            code="capacity",
        )
    return facts


@transaction.atomic
def choose_provider(
    *,
    by: User,
    decision: ServiceDecision,
    approval: Approval | None,
    how: str = "",
    today: datetime.date | None = None,
    ip: str | None = None,
    joint: JointProvider | None = None,
) -> Assignment:
    """A choice (or a switch): `approval` None and no `joint` means the municipal provider.
    A first choice starts at once; a switch starts after the scheme's notice period, when the
    old one ends. The system records the choice; it never suggests one."""
    day = today or timezone.localdate()
    decision = ServiceDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.status == DecisionStatus.ENDED:
        raise ValidationError(_("Vedtaket er avsluttet."), code="ended")
    reason, detail = _who_chooses(by, decision, how)
    current = selectors.current_assignment(decision, day)
    if joint is not None:
        wanted_key = f"{joint.host.pk}:{joint.approval_id}"
    else:
        wanted_key = str(approval.pk) if approval else "kommunal"
    if current is not None and current.provider_key == wanted_key:
        raise ValidationError(_("Dette er allerede brukerens leverandør."), code="same")
    facts = _check_joint(decision, joint) if joint is not None else None
    _check_provider(decision, approval, day)
    upcoming = selectors.upcoming_assignment(decision, day)
    if upcoming is not None:
        # A switch not yet started is replaced; it stays in the history as never started.
        upcoming.ends_on = upcoming.starts_on
        upcoming.reason_detail = (upcoming.reason_detail + " " + _("(erstattet før start)"))[:300]
        upcoming.save(update_fields=["ends_on", "reason_detail"])
    if current is None:
        assignment = _start(
            decision, approval=approval, starts_on=max(day, decision.valid_from),
            reason=reason, detail=detail, by=by, joint=facts,
        )  # fmt: skip
    else:
        scheme = decision.scheme or (approval.scheme if approval else None)
        notice = scheme.switching_notice_days if scheme else DEFAULT_SWITCH_DAYS
        if scheme is None and facts is not None:
            notice = facts["switching_notice_days"]
        switch_on = day + datetime.timedelta(days=notice)
        current.ends_on = switch_on
        current.save(update_fields=["ends_on"])
        assignment = _start(
            decision, approval=approval, starts_on=switch_on, reason=reason, detail=detail, by=by,
            joint=facts,
        )  # fmt: skip
    decision.status = DecisionStatus.SERVED
    decision.save(update_fields=["status"])
    log_access(
        user=by, recipients=[decision.recipient], action=AccessAction.CHOOSE, what="brukervalg",
        ip=ip,
    )  # fmt: skip
    return assignment


def apply_default_rule(
    *, decision: ServiceDecision, today: datetime.date | None = None
) -> Assignment:
    """Assign a provider to a recipient who did not choose in time, and record why."""
    day = today or timezone.localdate()
    scheme = decision.scheme
    if scheme is None or scheme.default_provider_rule == DefaultProviderRule.MUNICIPAL:
        assignment = _start(
            decision, approval=None, starts_on=max(day, decision.valid_from),
            reason=AssignmentReason.DEFAULT_MUNICIPAL,
            detail=_("Ordningens regel: kommunal egenregi") if scheme else
            _("Kommunen har ingen ordning for tjenesten"),
            by=None,
        )  # fmt: skip
    else:
        zone = decision.recipient.zone
        eligible = selectors.eligible_approvals(scheme=scheme, zone=zone, day=day)
        if not eligible:
            assignment = _start(
                decision, approval=None, starts_on=max(day, decision.valid_from),
                reason=AssignmentReason.DEFAULT_MUNICIPAL,
                detail=_("Rotasjon: ingen godkjent leverandør med ledig kapasitet i sonen"),
                by=None,
            )  # fmt: skip
        else:
            # Fair rotation: the supplier that has been given fewest recipients by this rule
            # goes next; ties go to the earliest approval.
            counts = selectors.rotation_counts(scheme)
            chosen = min(eligible, key=lambda a: (counts.get(a.pk, 0), a.pk))
            skipped = [
                a.supplier.name
                for a in scheme.approvals.filter(status=ApprovalStatus.ACTIVE)
                if a not in eligible
            ]
            detail = _("Rotasjon i sone %(zone)s; %(n)d tidligere tildelt etter tur") % {
                "zone": zone.name if zone else _("hele kommunen"),
                "n": counts.get(chosen.pk, 0),
            }
            if skipped:
                detail += "; " + _("hoppet over (fullt eller utenfor sonen): %(s)s") % {
                    "s": ", ".join(skipped)
                }
            assignment = _start(
                decision, approval=chosen, starts_on=max(day, decision.valid_from),
                reason=AssignmentReason.DEFAULT_ROTATION, detail=detail, by=None,
            )  # fmt: skip
    decision.status = DecisionStatus.SERVED
    decision.save(update_fields=["status"])
    return assignment


def run_deadline_sweep(*, today: datetime.date | None = None) -> int:
    """Decisions past their choice deadline: without a provider they get one by the default
    rule; with one (asked to choose again) they keep it. Returns how many were assigned."""
    day = today or timezone.localdate()
    assigned = 0
    overdue = ServiceDecision.objects.filter(
        status=DecisionStatus.AWAITING_CHOICE, choice_deadline__lt=day
    ).select_related("recipient__zone", "scheme")
    for decision in overdue.order_by("choice_deadline", "pk"):
        with transaction.atomic():
            if selectors.current_assignment(decision, day) or selectors.upcoming_assignment(
                decision, day
            ):
                decision.status = DecisionStatus.SERVED
                decision.save(update_fields=["status"])
                continue
            apply_default_rule(decision=decision, today=day)
            assigned += 1
    return assigned


@transaction.atomic
def request_rechoice_for_approval(*, approval: Approval, by: User, revoked: bool) -> int:
    """An approval was suspended, revoked or ended: everyone it serves is asked to choose again.
    They keep the provider until then, except after a revocation, when the municipal provider
    takes over at once."""
    return _request_rechoice(
        Assignment.objects.filter(approval=approval), by=by, revoked=revoked,
        supplier_name=approval.supplier.name,
    )  # fmt: skip


@transaction.atomic
def request_rechoice_for_joint(
    *, host: Municipality, approval_id: int, by: User, revoked: bool,
    role: str | None = "host_municipality",
) -> int:  # fmt: skip
    """The same, in a participating municipality, for an approval in a host's joint scheme."""
    served = Assignment.objects.filter(joint_host=host, joint_approval_id=approval_id)
    first = served.select_related("joint_supplier").first()
    if first is None:
        return 0
    return _request_rechoice(
        served, by=by, revoked=revoked, supplier_name=first.joint_supplier.name,
        role=role, where=host.display_name,
    )  # fmt: skip


def rechoice_in_participants(
    *, approval: Approval, host: Municipality, by: User, revoked: bool
) -> int:
    """A host's approval in a joint scheme stopped: recipients in every participating
    municipality who are served under it are asked to choose again, in their own schema (and
    their own access log)."""
    from tenants.schemes.models import JointParticipant

    participants = Municipality.objects.filter(
        pk__in=approval.scheme.participants.filter(JointParticipant.in_force()).values_list(
            "municipality_id", flat=True
        )
    )
    affected = 0
    for _participant in each_municipality(participants):
        affected += request_rechoice_for_joint(
            host=host, approval_id=approval.pk, by=by, revoked=revoked
        )
    return affected


def rechoice_after_leaving(
    *, participant: Municipality, host: Municipality, approval_ids: list[int], by: User
) -> int:
    """A participation in a host's joint scheme ended: the participant's recipients served by
    the host's suppliers choose again, in the participant's own schema. Whoever gave notice
    acts; in the participant they may hold a role of their own."""
    affected = 0
    with in_municipality(participant):
        for approval_id in approval_ids:
            affected += request_rechoice_for_joint(
                host=host, approval_id=approval_id, by=by, revoked=False, role=None
            )
    return affected


def _request_rechoice(
    assignments, *, by: User, revoked: bool, supplier_name: str, role: str | None = None,
    where: str = "",
) -> int:  # fmt: skip
    day = timezone.localdate()
    affected = 0
    changed: list[Recipient] = []
    served = assignments.filter(selectors.active_on(day) | _not_started(day)).select_related(
        "decision__recipient"
    )
    for assignment in served:
        decision = assignment.decision
        decision.status = DecisionStatus.AWAITING_CHOICE
        decision.choice_deadline = day + datetime.timedelta(days=DEFAULT_CHOICE_DAYS)
        decision.save(update_fields=["status", "choice_deadline"])
        if revoked:
            assignment.ends_on = max(day, assignment.starts_on)
            assignment.save(update_fields=["ends_on"])
            if assignment.starts_on <= day:
                _start(
                    decision, approval=None, starts_on=day,
                    reason=AssignmentReason.REVOKED_FALLBACK,
                    detail=_("Godkjenningen til %(s)s ble tilbakekalt") % {"s": supplier_name},
                    by=by,
                )  # fmt: skip
        changed.append(decision.recipient)
        affected += 1
    what = f"nytt valg: godkjenningen til {supplier_name} stanset"
    if where:
        what += f" i {where}"
    log_access(user=by, recipients=changed, action=AccessAction.CHANGE, what=what, role=role)
    return affected


def _not_started(day: datetime.date):
    """Assignments that have not started yet (and were not replaced before starting)."""
    from django.db.models import F, Q

    return Q(starts_on__gt=day) & ~Q(ends_on=F("starts_on"))


@transaction.atomic
def register_case(
    *,
    by: User,
    kind: str,
    description: str,
    received_on: datetime.date,
    approval: Approval | None,
    recipient: Recipient | None = None,
) -> QualityCase:
    _require_case_worker(by)
    if kind not in CaseKind.values:
        raise ValidationError(_("Velg klage eller avvik."))
    if not description.strip():
        raise ValidationError(_("Beskriv saken."), code="description")
    long_text(description)
    validate_working_date(received_on)
    case = QualityCase.objects.create(
        kind=kind,
        description=description.strip(),
        received_on=received_on,
        approval=approval,
        provider_kind=ProviderKind.SUPPLIER if approval else ProviderKind.MUNICIPAL,
        recipient=recipient,
        created_by=by,
    )
    if recipient is not None:
        log_access(user=by, recipients=[recipient], action=AccessAction.CHANGE, what=kind)
    return case


@transaction.atomic
def update_case(*, by: User, case: QualityCase, status: str, outcome: str = "") -> QualityCase:
    _require_case_worker(by)
    if status not in CaseStatus.values:
        raise ValidationError(_("Ukjent status."))
    if status == CaseStatus.CLOSED and not outcome.strip():
        raise ValidationError(_("Skriv utfallet før saken avsluttes."), code="outcome")
    case.status = status
    case.outcome = outcome.strip()
    case.save(update_fields=["status", "outcome", "updated_at"])
    return case

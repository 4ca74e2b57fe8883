"""State changes of a scheme: create, change, publish, close, reopen, end. Each writes history
and, once published, keeps the national announcement in step in the same transaction."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fritt.accounts.guards import require_municipal_role
from fritt.accounts.models import User
from fritt.accounts.roles import Role
from fritt.accounts.selectors import roles_in_municipality
from fritt.celery_app import send_after_commit
from fritt.errors import DomainError, NotAllowed
from fritt.events.services import record, state_change
from fritt.tenancy.schemas import current_municipality, in_municipality
from fritt.web.bounds import long_text, short_text, validate_working_date
from public_site.announcements.models import JointMembership
from public_site.announcements.projection import project_membership, project_scheme
from public_site.catalogue.models import ServiceType
from public_site.statistics import projection as statistics
from tenants.municipalities.models import Municipality
from tenants.schemes.errors import SchemeError
from tenants.zones.models import Zone

from .models import (
    MAX_RATE,
    ApprovalCondition,
    JointParticipant,
    JointPeriod,
    JointStatus,
    Rate,
    Scheme,
    SchemeAction,
    SchemeHistory,
    SchemeStatus,
)
from .selectors import changed_labels, missing_for_publication, snapshot

LONG_TEXT_FIELDS = {
    "description", "target_group", "application_process", "contract_template", "capacity_rules",
}  # fmt: skip
EDITABLE_FIELDS = {
    "service_type",
    "title",
    "description",
    "target_group",
    "covers_whole_municipality",
    "application_process",
    "contact_name",
    "contact_email",
    "contact_phone",
    "contract_template",
    "contract_duration_months",
    "notice_period_supplier_days",
    "notice_period_municipality_days",
    "capacity_rules",
    "allows_capacity_cap",
    "default_provider_rule",
    "switching_notice_days",
    "decision_deadline_days",
    "day_starts",
    "evening_starts",
    "night_starts",
}


def _require_officer(by: User) -> Municipality:
    return require_municipal_role(
        by,
        {Role.MUNICIPAL_OFFICER, Role.MUNICIPAL_ADMIN},
        code=SchemeError.NOT_SCHEME_OFFICER,
        message=_("Bare saksbehandlere for ordninger i %(name)s kan endre kommunens ordninger."),
    )


def _require_editable(scheme: Scheme) -> None:
    if scheme.status == SchemeStatus.ENDED:
        raise DomainError(SchemeError.ENDED, _("Ordningen er avsluttet og kan ikke endres."))


def _after_change(scheme: Scheme, *, by: User, before: dict[str, Any]) -> SchemeHistory | None:
    """Record a change; a change to a published or closed scheme is a new version."""
    after = snapshot(scheme)
    labels = changed_labels(before, after)
    if not labels:
        return None
    if scheme.status == SchemeStatus.DRAFT:
        return SchemeHistory.objects.create(
            scheme=scheme, action=SchemeAction.UPDATED, changed_fields=labels, by=by
        )
    scheme.version += 1
    scheme.last_changed_at = timezone.now()
    scheme.save(update_fields=["version", "last_changed_at"])
    entry = SchemeHistory.objects.create(
        scheme=scheme,
        action=SchemeAction.UPDATED,
        version=scheme.version,
        changed_fields=labels,
        snapshot=after,
        by=by,
    )
    project_scheme(scheme=scheme, municipality=current_municipality(), change=labels)
    return entry


def _check_band_limits(scheme: Scheme) -> None:
    """Day, then evening, then night: settlement splits delivered time by these limits."""
    if not scheme.day_starts < scheme.evening_starts < scheme.night_starts:
        raise DomainError(
            SchemeError.BAND_LIMITS,
            _("Dagtid må starte før kveld, og kveld før natt."),
            field="evening_starts",
        )


@contextmanager
def _editing(scheme: Scheme, *, by: User) -> Iterator[None]:
    """The frame of every change to what a scheme says: an officer, an editable scheme, and
    afterwards its history entry and public projection (skipped when the body refuses)."""
    _require_officer(by)
    _require_editable(scheme)
    before = snapshot(scheme)
    yield
    _after_change(scheme, by=by, before=before)


def _check_texts(fields: dict[str, Any]) -> None:
    for name in LONG_TEXT_FIELDS & set(fields):
        long_text(fields[name])


@state_change("scheme.created")
@transaction.atomic
def create_scheme(*, by: User, service_type: ServiceType, title: str, **fields: Any) -> Scheme:
    _require_officer(by)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"unknown scheme fields: {sorted(unknown)}")
    if not (title or "").strip():
        raise DomainError(SchemeError.TITLE, _("Ordningen må ha en tittel."))
    _check_texts(fields)
    scheme = Scheme(service_type=service_type, title=title.strip(), **fields)
    _check_band_limits(scheme)
    scheme.save()
    SchemeHistory.objects.create(scheme=scheme, action=SchemeAction.CREATED, by=by)
    return scheme


@state_change("scheme.updated")
@transaction.atomic
def update_scheme(*, scheme: Scheme, by: User, **fields: Any) -> Scheme:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"unknown scheme fields: {sorted(unknown)}")
    with _editing(scheme, by=by):
        _check_texts(fields)
        for name, value in fields.items():
            setattr(scheme, name, value)
        if not (scheme.title or "").strip():
            raise DomainError(SchemeError.TITLE, _("Ordningen må ha en tittel."))
        _check_band_limits(scheme)
        scheme.save()
    return scheme


@state_change("condition.added")
@transaction.atomic
def add_condition(
    *, scheme: Scheme, by: User, text: str, document_type: str = ""
) -> ApprovalCondition:
    with _editing(scheme, by=by):
        if not (text or "").strip():
            raise DomainError(SchemeError.REQUIRED, _("Skriv inn vilkåret."))
        short_text(text.strip())
        condition = ApprovalCondition.objects.create(
            scheme=scheme, text=text.strip(), document_type=document_type
        )
    return condition


@state_change("condition.removed")
@transaction.atomic
def remove_condition(*, condition: ApprovalCondition, by: User) -> None:
    with _editing(condition.scheme, by=by):
        condition.delete()


@state_change("rate.added")
@transaction.atomic
def add_rate(
    *,
    scheme: Scheme,
    by: User,
    unit: str,
    amount: Decimal,
    valid_from: datetime.date,
    variant: str = "all",
) -> Rate:
    with _editing(scheme, by=by):
        _check_rate(scheme, unit=unit, variant=variant, amount=amount, valid_from=valid_from)
        rate = Rate.objects.create(
            scheme=scheme, unit=unit, variant=variant, amount=amount, valid_from=valid_from
        )
    return rate


def _check_rate(
    scheme: Scheme, *, unit: str, variant: str, amount: Decimal, valid_from: datetime.date
) -> None:
    if amount is None or Decimal(amount) < 0:
        raise DomainError(SchemeError.NEGATIVE, _("Satsen kan ikke være negativ."))
    if Decimal(amount) == 0:
        # A fixed compensation of nothing is no compensation: a typing error, never a price.
        raise DomainError(SchemeError.ZERO, _("Satsen må være større enn null."))
    if Decimal(amount) > MAX_RATE:
        raise DomainError(
            SchemeError.TOO_LARGE, _("Satsen kan ikke være mer enn %(max)s kr.") % {"max": MAX_RATE}
        )
    validate_working_date(valid_from)
    if scheme.rates.filter(unit=unit, variant=variant, valid_from=valid_from).exists():
        raise DomainError(
            SchemeError.DUPLICATE_RATE,
            _("Det finnes allerede en sats for denne enheten og tiden fra samme dato."),
        )


@state_change("rate.removed")
@transaction.atomic
def remove_rate(*, rate: Rate, by: User) -> None:
    with _editing(rate.scheme, by=by):
        rate.delete()


@state_change("scheme.zones_set")
@transaction.atomic
def set_zones(*, scheme: Scheme, by: User, zones: list[Zone]) -> Scheme:
    with _editing(scheme, by=by):
        scheme.zones.set(zones)
    return scheme


JOINT_NOTICE_DAYS = 90


@state_change("scheme.participants_set")
@transaction.atomic
def set_participants(*, scheme: Scheme, by: User, municipalities: list[Municipality]) -> Scheme:
    """Invite municipalities into a joint scheme; the host announces and decides for those that
    accept. A municipality taken off the list is uninvited if it has not answered, or leaves
    after the notice period if it takes part; nobody becomes a participant without consent."""
    host = _require_officer(by)
    _require_editable(scheme)
    if any(m.pk == host.pk for m in municipalities):
        raise DomainError(
            SchemeError.HOST_PARTICIPANT,
            _("Vertskommunen kan ikke være deltaker i sin egen ordning."),
        )
    not_live = [m.display_name for m in municipalities if not m.is_provisioned]
    if not_live:
        raise DomainError(
            SchemeError.NOT_PROVISIONED,
            _("Disse kommunene er ikke med på plattformen: %(names)s.")
            % {"names": ", ".join(not_live)},
        )
    before = snapshot(scheme)
    now = timezone.now()
    wanted = {m.pk for m in municipalities}
    for row in list(scheme.participants.all()):
        if row.municipality_id in wanted:
            continue
        if row.status == JointStatus.INVITED:
            row.status = JointStatus.LEFT
            row.responded_at = now
            row.save(update_fields=["status", "responded_at"])
        elif row.status == JointStatus.ACCEPTED and row.leaves_on is None:
            row.leaves_on = timezone.localdate() + datetime.timedelta(days=JOINT_NOTICE_DAYS)
            row.notice_by = by
            row.save(update_fields=["leaves_on", "notice_by"])
        else:
            continue
        project_membership(participant=row, host=host)
    for municipality in municipalities:
        row, created = JointParticipant.objects.get_or_create(
            scheme=scheme,
            municipality=municipality,
            defaults={"status": JointStatus.INVITED, "invited_at": now},
        )
        if not created and row.status == JointStatus.ACCEPTED and row.leaves_on is not None:
            # Invited back before its notice ran out: it takes part as before.
            _withdraw_notice(row, host=host, by=by)
            continue
        if not created and row.status in {JointStatus.DECLINED, JointStatus.LEFT}:
            if row.status == JointStatus.LEFT and row.responded_at and row.leaves_on:
                # It took part until its notice ran out: that period stays counted.
                JointPeriod.objects.create(
                    scheme=scheme, municipality=municipality, accepted_at=row.responded_at,
                    left_on=row.leaves_on,
                )  # fmt: skip
            row.status = JointStatus.INVITED
            row.invited_at = now
            row.responded_at = None
            row.leaves_on = None
            row.save(update_fields=["status", "invited_at", "responded_at", "leaves_on"])
        elif not created:
            continue
        membership = project_membership(participant=row, host=host)
        from . import tasks  # tasks call these services; imported here to avoid a cycle

        # The mail goes from the invited municipality's schema, whose outbox records it.
        with in_municipality(municipality):
            send_after_commit(tasks.send_joint_invitation, membership.pk)
    # A participant given notice stops counting in the statistics when the notice runs out;
    # one invited again keeps the period it took part.
    statistics.scheme_moved(scheme_id=scheme.pk)
    _after_change(scheme, by=by, before=before)
    return scheme


def _withdraw_notice(row: JointParticipant, *, host: Municipality, by: User) -> None:
    """The host takes back the notice it gave a participant: the participant consented and
    never withdrew, so it stays a participant without a new invitation. A notice the
    participant gave itself is its own decision, which the host cannot undo; and a notice that
    has run out is over (the due task ends it within hours; then it can be invited again)."""
    if row.leaves_on <= timezone.localdate():
        raise DomainError(
            SchemeError.PARTICIPANT_LEAVING,
            _(
                "Oppsigelsen av %(name)s løp ut %(day)s. Kommunen kan inviteres igjen når "
                "den er meldt ut av ordningen."
            )
            % {
                "name": row.municipality.display_name,
                "day": date_format(row.leaves_on, "SHORT_DATE_FORMAT"),
            },
        )
    if row.notice_by is not None and Role.MUNICIPAL_ADMIN in roles_in_municipality(
        user=row.notice_by, municipality=row.municipality
    ):
        raise DomainError(
            SchemeError.PARTICIPANT_LEAVING,
            _(
                "%(name)s har selv sagt opp deltakelsen og kan inviteres igjen når "
                "oppsigelsen har løpt ut (%(day)s)."
            )
            % {
                "name": row.municipality.display_name,
                "day": date_format(row.leaves_on, "SHORT_DATE_FORMAT"),
            },
        )
    row.leaves_on = None
    row.notice_by = None
    row.save(update_fields=["leaves_on", "notice_by"])
    membership = project_membership(participant=row, host=host)
    record(
        action="joint.notice_withdrawn", subject=membership, by=by,
        data={"scheme": row.scheme_id, "municipality": row.municipality_id},
    )  # fmt: skip


def _require_participant_admin(by: User, membership: JointMembership) -> Municipality:
    """Only the invited municipality's own admin answers for it, on its own site."""
    here = current_municipality()
    if membership.participant_id != here.pk:
        raise NotAllowed(
            SchemeError.INVITATION_FOR_ANOTHER_MUNICIPALITY,
            _("Invitasjonen gjelder en annen kommune."),
        )
    if Role.MUNICIPAL_ADMIN not in roles_in_municipality(user=by, municipality=here):
        raise NotAllowed(
            SchemeError.NOT_MUNICIPAL_ADMIN,
            _(
                "Bare kommunens administrator kan svare på invitasjoner til interkommunale "
                "ordninger."
            ),
        )
    return here


def _membership_change(membership: JointMembership, change) -> JointMembership:
    """Apply `change` to the host's row (in the host's schema, same transaction), then
    re-project the announcement and the membership from it."""
    host = membership.host
    with in_municipality(host):
        row = JointParticipant.objects.select_related("scheme").get(
            scheme_id=membership.scheme_id, municipality_id=membership.participant_id
        )
        change(row)
        row.save()
        statistics.scheme_moved(scheme_id=row.scheme_id)
        scheme = row.scheme
        if scheme.status != SchemeStatus.DRAFT:
            project_scheme(scheme=scheme, municipality=host, change=[_("Deltakende kommuner")])
        return project_membership(participant=row, host=host)


@state_change("joint.answered")
@transaction.atomic
def answer_joint_invitation(
    *, membership: JointMembership, by: User, accept: bool
) -> JointMembership:
    """The invited municipality's admin accepts or declines taking part in a joint scheme."""
    _require_participant_admin(by, membership)
    if membership.status != JointStatus.INVITED:
        raise DomainError(
            SchemeError.NOT_INVITED, _("Invitasjonen er allerede besvart eller trukket tilbake.")
        )

    def change(row: JointParticipant) -> None:
        if row.status != JointStatus.INVITED:
            raise DomainError(
                SchemeError.NOT_INVITED,
                _("Invitasjonen er allerede besvart eller trukket tilbake."),
            )
        row.status = JointStatus.ACCEPTED if accept else JointStatus.DECLINED
        row.responded_at = timezone.now()

    return _membership_change(membership, change)


@state_change("joint.left")
@transaction.atomic
def leave_joint_scheme(*, membership: JointMembership, by: User) -> JointMembership:
    """The participant gives notice: the scheme stops counting there after the notice period."""
    _require_participant_admin(by, membership)
    if membership.status != JointStatus.ACCEPTED or membership.leaves_on is not None:
        raise DomainError(
            SchemeError.NOT_PARTICIPATING,
            _("Kommunen deltar ikke i ordningen, eller har allerede sagt den opp."),
        )

    def change(row: JointParticipant) -> None:
        row.leaves_on = timezone.localdate() + datetime.timedelta(days=JOINT_NOTICE_DAYS)
        row.notice_by = by

    return _membership_change(membership, change)


@state_change("joint.due_ended")
def end_due_memberships(*, today: datetime.date | None = None) -> int:
    """Participations whose notice has run out end: the host's row and the national view say
    so, the announcement no longer names the participant, and the participant's recipients
    served by the host's suppliers are asked to choose again (logged in the participant's
    access log). Runs daily in the public schema; one transaction per participation."""
    today = today or timezone.localdate()
    due = JointMembership.objects.filter(
        status=JointStatus.ACCEPTED, leaves_on__lte=today
    ).select_related("host", "participant")
    ended = 0
    for membership in due:
        with transaction.atomic():
            _end_membership(membership)
        ended += 1
    return ended


def _end_membership(membership: JointMembership) -> None:
    from tenants.applications.models import Approval

    ended: dict = {}

    def change(row: JointParticipant) -> None:
        # Runs in the host's schema, where the scheme's approvals are.
        row.status = JointStatus.LEFT
        ended["by"] = row.notice_by
        ended["approval_ids"] = list(
            Approval.objects.filter(scheme_id=row.scheme_id).values_list("pk", flat=True)
        )

    _membership_change(membership, change)
    if ended["by"] is not None:
        from tenants.recipients.services import rechoice_after_leaving

        rechoice_after_leaving(
            participant=membership.participant, host=membership.host,
            approval_ids=ended["approval_ids"], by=ended["by"],
        )  # fmt: skip


@state_change("scheme.published")
@transaction.atomic
def publish_scheme(*, scheme: Scheme, by: User) -> Scheme:
    """Announce the scheme nationally; refuse with every missing item listed."""
    municipality = _require_officer(by)
    if scheme.status != SchemeStatus.DRAFT:
        raise DomainError(SchemeError.NOT_DRAFT, _("Bare et utkast kan kunngjøres."))
    missing = missing_for_publication(scheme)
    if missing:
        raise DomainError(
            SchemeError.INCOMPLETE,
            _("Ordningen kan ikke kunngjøres før dette er fylt ut: %(missing)s.")
            % {"missing": "; ".join(missing)},
        )
    now = timezone.now()
    scheme.status = SchemeStatus.PUBLISHED
    scheme.published_at = scheme.last_changed_at = now
    scheme.version = 1
    scheme.save(update_fields=["status", "published_at", "last_changed_at", "version"])
    SchemeHistory.objects.create(
        scheme=scheme, action=SchemeAction.PUBLISHED, version=1, snapshot=snapshot(scheme), by=by
    )
    project_scheme(scheme=scheme, municipality=municipality, change=[])
    statistics.scheme_published(scheme=scheme)
    return scheme


def _transition(
    scheme: Scheme, *, by: User, allowed: set[str], to: str, action: str, stamp: str | None
) -> Scheme:
    municipality = _require_officer(by)
    if scheme.status not in allowed:
        raise DomainError(
            SchemeError.INVALID_TRANSITION,
            _("Ordningen har status «%(status)s», og det kan ikke gjøres nå.")
            % {"status": scheme.get_status_display()},
        )
    now = timezone.now()
    scheme.status = to
    scheme.last_changed_at = now
    fields = ["status", "last_changed_at"]
    if stamp:
        setattr(scheme, stamp, now)
        fields.append(stamp)
    scheme.save(update_fields=fields)
    SchemeHistory.objects.create(scheme=scheme, action=action, version=scheme.version, by=by)
    project_scheme(
        scheme=scheme, municipality=municipality, change=[str(SchemeAction(action).label)]
    )
    if to == SchemeStatus.ENDED:
        statistics.scheme_ended(scheme=scheme)
    return scheme


@state_change("scheme.closed")
@transaction.atomic
def close_scheme(*, scheme: Scheme, by: User) -> Scheme:
    """No new applications; existing approvals run on."""
    return _transition(
        scheme, by=by, allowed={SchemeStatus.PUBLISHED}, to=SchemeStatus.CLOSED,
        action=SchemeAction.CLOSED, stamp="closed_at",
    )  # fmt: skip


@state_change("scheme.reopened")
@transaction.atomic
def reopen_scheme(*, scheme: Scheme, by: User) -> Scheme:
    return _transition(
        scheme, by=by, allowed={SchemeStatus.CLOSED}, to=SchemeStatus.PUBLISHED,
        action=SchemeAction.REOPENED, stamp=None,
    )  # fmt: skip


@state_change("scheme.ended")
@transaction.atomic
def end_scheme(*, scheme: Scheme, by: User) -> Scheme:
    return _transition(
        scheme, by=by, allowed={SchemeStatus.PUBLISHED, SchemeStatus.CLOSED},
        to=SchemeStatus.ENDED, action=SchemeAction.ENDED, stamp="ended_at",
    )  # fmt: skip

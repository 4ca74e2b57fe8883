"""State changes of a scheme: create, change, publish, close, reopen, end. Each writes history
and, once published, keeps the national announcement in step in the same transaction."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fritt.accounts.models import User
from fritt.accounts.roles import Role
from fritt.accounts.selectors import roles_in_municipality
from fritt.tenancy import crossing
from fritt.web.bounds import long_text, short_text, validate_working_date
from public_site.catalogue.models import ServiceType
from tenants.municipalities.models import Municipality
from tenants.zones.models import Zone

from .models import (
    MAX_RATE,
    ApprovalCondition,
    JointParticipant,
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
}


def _municipality() -> Municipality:
    tenant = getattr(connection, "tenant", None)
    if not isinstance(tenant, Municipality):
        raise RuntimeError("scheme services run in a municipality's schema")
    return tenant


def _require_officer(by: User) -> Municipality:
    municipality = _municipality()
    roles = roles_in_municipality(user=by, municipality=municipality)
    if not roles & {Role.MUNICIPAL_OFFICER, Role.MUNICIPAL_ADMIN}:
        raise PermissionDenied(
            _("Bare saksbehandlere for ordninger i %(name)s kan endre kommunens ordninger.")
            % {"name": municipality.display_name}
        )
    return municipality


def _require_editable(scheme: Scheme) -> None:
    if scheme.status == SchemeStatus.ENDED:
        raise ValidationError(_("Ordningen er avsluttet og kan ikke endres."), code="ended")


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
    crossing.project_scheme(scheme=scheme, municipality=_municipality(), change=labels)
    return entry


def _check_texts(fields: dict[str, Any]) -> None:
    for name in LONG_TEXT_FIELDS & set(fields):
        long_text(fields[name])


@transaction.atomic
def create_scheme(*, by: User, service_type: ServiceType, title: str, **fields: Any) -> Scheme:
    _require_officer(by)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"unknown scheme fields: {sorted(unknown)}")
    if not (title or "").strip():
        raise ValidationError(_("Ordningen må ha en tittel."), code="title")
    _check_texts(fields)
    scheme = Scheme.objects.create(service_type=service_type, title=title.strip(), **fields)
    SchemeHistory.objects.create(scheme=scheme, action=SchemeAction.CREATED, by=by)
    return scheme


@transaction.atomic
def update_scheme(*, scheme: Scheme, by: User, **fields: Any) -> Scheme:
    _require_officer(by)
    _require_editable(scheme)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"unknown scheme fields: {sorted(unknown)}")
    _check_texts(fields)
    before = snapshot(scheme)
    for name, value in fields.items():
        setattr(scheme, name, value)
    if not (scheme.title or "").strip():
        raise ValidationError(_("Ordningen må ha en tittel."), code="title")
    scheme.save()
    _after_change(scheme, by=by, before=before)
    return scheme


@transaction.atomic
def add_condition(
    *, scheme: Scheme, by: User, text: str, document_type: str = ""
) -> ApprovalCondition:
    _require_officer(by)
    _require_editable(scheme)
    if not (text or "").strip():
        raise ValidationError(_("Skriv inn vilkåret."), code="required")
    short_text(text.strip())
    before = snapshot(scheme)
    condition = ApprovalCondition.objects.create(
        scheme=scheme, text=text.strip(), document_type=document_type
    )
    _after_change(scheme, by=by, before=before)
    return condition


@transaction.atomic
def remove_condition(*, condition: ApprovalCondition, by: User) -> None:
    _require_officer(by)
    scheme = condition.scheme
    _require_editable(scheme)
    before = snapshot(scheme)
    condition.delete()
    _after_change(scheme, by=by, before=before)


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
    _require_officer(by)
    _require_editable(scheme)
    if amount is None or Decimal(amount) < 0:
        raise ValidationError(_("Satsen kan ikke være negativ."), code="negative")
    if Decimal(amount) == 0:
        # A fixed compensation of nothing is no compensation: a typing error, never a price.
        raise ValidationError(_("Satsen må være større enn null."), code="zero")
    if Decimal(amount) > MAX_RATE:
        raise ValidationError(
            _("Satsen kan ikke være mer enn %(max)s kr.") % {"max": MAX_RATE}, code="too_large"
        )
    validate_working_date(valid_from)
    if scheme.rates.filter(unit=unit, variant=variant, valid_from=valid_from).exists():
        raise ValidationError(
            _("Det finnes allerede en sats for denne enheten og tiden fra samme dato."),
            code="duplicate",
        )
    before = snapshot(scheme)
    rate = Rate.objects.create(
        scheme=scheme, unit=unit, variant=variant, amount=amount, valid_from=valid_from
    )
    _after_change(scheme, by=by, before=before)
    return rate


@transaction.atomic
def remove_rate(*, rate: Rate, by: User) -> None:
    _require_officer(by)
    scheme = rate.scheme
    _require_editable(scheme)
    before = snapshot(scheme)
    rate.delete()
    _after_change(scheme, by=by, before=before)


@transaction.atomic
def set_zones(*, scheme: Scheme, by: User, zones: list[Zone]) -> Scheme:
    _require_officer(by)
    _require_editable(scheme)
    before = snapshot(scheme)
    scheme.zones.set(zones)
    _after_change(scheme, by=by, before=before)
    return scheme


@transaction.atomic
def set_participants(*, scheme: Scheme, by: User, municipalities: list[Municipality]) -> Scheme:
    """Make the scheme joint: the host announces and decides for these municipalities too."""
    host = _require_officer(by)
    _require_editable(scheme)
    if any(m.pk == host.pk for m in municipalities):
        raise ValidationError(_("Vertskommunen kan ikke være deltaker i sin egen ordning."))
    not_live = [m.display_name for m in municipalities if not m.is_provisioned]
    if not_live:
        raise ValidationError(
            _("Disse kommunene er ikke med på plattformen: %(names)s.")
            % {"names": ", ".join(not_live)},
            code="not_provisioned",
        )
    before = snapshot(scheme)
    scheme.participants.exclude(municipality__in=municipalities).delete()
    for municipality in municipalities:
        JointParticipant.objects.get_or_create(scheme=scheme, municipality=municipality)
    _after_change(scheme, by=by, before=before)
    return scheme


@transaction.atomic
def publish_scheme(*, scheme: Scheme, by: User) -> Scheme:
    """Announce the scheme nationally; refuse with every missing item listed."""
    municipality = _require_officer(by)
    if scheme.status != SchemeStatus.DRAFT:
        raise ValidationError(_("Bare et utkast kan kunngjøres."), code="not_draft")
    missing = missing_for_publication(scheme)
    if missing:
        raise ValidationError(
            _("Ordningen kan ikke kunngjøres før dette er fylt ut: %(missing)s.")
            % {"missing": "; ".join(missing)},
            code="incomplete",
        )
    now = timezone.now()
    scheme.status = SchemeStatus.PUBLISHED
    scheme.published_at = scheme.last_changed_at = now
    scheme.version = 1
    scheme.save(update_fields=["status", "published_at", "last_changed_at", "version"])
    SchemeHistory.objects.create(
        scheme=scheme, action=SchemeAction.PUBLISHED, version=1, snapshot=snapshot(scheme), by=by
    )
    crossing.project_scheme(scheme=scheme, municipality=municipality, change=[])
    return scheme


def _transition(
    scheme: Scheme, *, by: User, allowed: set[str], to: str, action: str, stamp: str | None
) -> Scheme:
    municipality = _require_officer(by)
    if scheme.status not in allowed:
        raise ValidationError(
            _("Ordningen har status «%(status)s», og det kan ikke gjøres nå.")
            % {"status": scheme.get_status_display()},
            code="invalid_transition",
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
    crossing.project_scheme(
        scheme=scheme, municipality=municipality, change=[str(SchemeAction(action).label)]
    )
    return scheme


@transaction.atomic
def close_scheme(*, scheme: Scheme, by: User) -> Scheme:
    """No new applications; existing approvals run on."""
    return _transition(
        scheme, by=by, allowed={SchemeStatus.PUBLISHED}, to=SchemeStatus.CLOSED,
        action=SchemeAction.CLOSED, stamp="closed_at",
    )  # fmt: skip


@transaction.atomic
def reopen_scheme(*, scheme: Scheme, by: User) -> Scheme:
    return _transition(
        scheme, by=by, allowed={SchemeStatus.CLOSED}, to=SchemeStatus.PUBLISHED,
        action=SchemeAction.REOPENED, stamp=None,
    )  # fmt: skip


@transaction.atomic
def end_scheme(*, scheme: Scheme, by: User) -> Scheme:
    return _transition(
        scheme, by=by, allowed={SchemeStatus.PUBLISHED, SchemeStatus.CLOSED},
        to=SchemeStatus.ENDED, action=SchemeAction.ENDED, stamp="ended_at",
    )  # fmt: skip

"""Reads about recipients: search, current providers, who may serve, the neutral provider list,
a supplier's assignments, and the access log with its unusual-access rules."""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractHour, TruncDate
from django.utils import timezone
from stdnum.no import fodselsnummer

from fritt.accounts.models import User
from fritt.tenancy.schemas import in_municipality
from public_site.catalogue.models import ServiceType
from tenants.applications.models import Approval, ApprovalStatus
from tenants.municipalities.models import Municipality
from tenants.schemes.models import Scheme, SchemeStatus
from tenants.zones.models import Zone

from . import crypto
from .models import (
    AccessLogEntry,
    Assignment,
    AssignmentReason,
    DecisionStatus,
    ProviderKind,
    QualityCase,
    Recipient,
    RecipientLogin,
    ServiceDecision,
)


def find_by_fnr(fnr: str) -> Recipient | None:
    """Exact match only: the number is compared through its keyed index, never decrypted."""
    number = fodselsnummer.compact(fnr or "")
    if not fodselsnummer.is_valid(number):
        return None
    return Recipient.objects.filter(fnr_index=crypto.index(number)).first()


def search_recipients(q: str) -> QuerySet[Recipient]:
    q = (q or "").strip()
    compact = q.replace(" ", "")
    if compact.isdigit() and len(compact) == 11:
        found = find_by_fnr(compact)
        return Recipient.objects.filter(pk=found.pk if found else -1)
    recipients = Recipient.objects.select_related("zone")
    return recipients.filter(full_name__icontains=q) if q else recipients


# The recipient list's filters and orderings, by the value a page may ask for.
WAITING, DEADLINE_PASSED = "venter", "frist-passert"
RECIPIENT_FILTERS = (WAITING, DEADLINE_PASSED)
RECIPIENT_ORDERINGS: dict[str, tuple[str, ...]] = {
    "navn": ("full_name", "pk"),
    "-registrert": ("-created_at", "-pk"),
}


def recipient_list(q: str = "", *, show: str = "", order: str = "navn") -> QuerySet[Recipient]:
    """The register as the case worker lists it: the search, then recipients with a decision
    waiting for a choice (`WAITING`) or whose deadline to choose has passed without one
    (`DEADLINE_PASSED`); served by the index on decisions' (status, choice_deadline)."""
    recipients = search_recipients(q)
    if show in RECIPIENT_FILTERS:
        today = timezone.localdate()
        deadline = (
            Q(choice_deadline__gte=today) if show == WAITING else Q(choice_deadline__lt=today)
        )
        recipients = recipients.filter(
            Exists(
                ServiceDecision.objects.filter(
                    deadline, recipient=OuterRef("pk"), status=DecisionStatus.AWAITING_CHOICE
                )
            )
        )
    return recipients.order_by(*RECIPIENT_ORDERINGS.get(order, RECIPIENT_ORDERINGS["navn"]))


EXPORT_BATCH = 1000


@dataclass(frozen=True)
class ExportBatch:
    """One slice of an export: the recipients' ids (for the access log) and the CSV rows (nr.,
    name, address, postcode, postplace, zone, phone, decisions, current providers)."""

    recipient_ids: list[int]
    rows: list[list]


def _provider_name(kind: str, supplier: str | None, joint_supplier: str | None) -> str:
    # As Assignment.provider_name, from plain values (no model instances in an export).
    if kind == ProviderKind.MUNICIPAL:
        return str(ProviderKind.MUNICIPAL.label)
    return (joint_supplier if kind == ProviderKind.JOINT else supplier) or ""


def export_batches(q: str, *, show: str = "", size: int | None = None) -> Iterator[ExportBatch]:
    """The list's recipients in slices of `size`, by id (a keyset, so each slice costs the
    same however far in it is): three queries per slice, whatever the number of decisions,
    read as plain values (building model instances was most of an export's time)."""
    size = size or EXPORT_BATCH
    base = recipient_list(q, show=show).order_by("pk")
    day = timezone.localdate()
    after = 0
    while True:
        people = list(
            base.filter(pk__gt=after).values_list(
                "pk", "full_name", "address", "postcode", "postplace", "zone__name", "phone"
            )[:size]
        )
        if not people:
            return
        after = people[-1][0]
        ids = [p[0] for p in people]
        decisions: dict[int, list[tuple]] = {pk: [] for pk in ids}
        for row in (
            ServiceDecision.objects.filter(recipient_id__in=ids)
            .order_by("recipient_id", "-valid_from", "pk")
            .values_list("recipient_id", "pk", "service_type__name", "extent", "extent_unit")
        ):
            decisions[row[0]].append(row[1:])
        current: dict[int, str] = {}
        for decision_id, kind, supplier, joint in (
            Assignment.objects.filter(active_on(day), decision__recipient_id__in=ids)
            .order_by("decision_id", "-starts_on", "-pk")
            .values_list("decision_id", "provider_kind", "approval__supplier__name",
                         "joint_supplier__name")
        ):  # fmt: skip
            current.setdefault(decision_id, _provider_name(kind, supplier, joint))
        rows = []
        for pk, name, address, postcode, postplace, zone, phone in people:
            mine = decisions[pk]
            rows.append(
                [pk, name, address, postcode, postplace, zone or "", phone,
                 "; ".join(f"{service} {extent} {unit}" for _d, service, extent, unit in mine),
                 "; ".join(current[d[0]] for d in mine if d[0] in current)]
            )  # fmt: skip
        yield ExportBatch(ids, rows)
        if len(people) < size:
            return


def active_on(day: datetime.date) -> Q:
    return Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gt=day))


def current_assignment(
    decision: ServiceDecision, day: datetime.date | None = None
) -> Assignment | None:
    day = day or timezone.localdate()
    return (
        decision.assignments.filter(active_on(day))
        .select_related("approval__supplier", "joint_supplier")
        .order_by("-starts_on", "-pk")
        .first()
    )


def upcoming_assignment(
    decision: ServiceDecision, day: datetime.date | None = None
) -> Assignment | None:
    day = day or timezone.localdate()
    return (
        decision.assignments.filter(starts_on__gt=day)
        .exclude(ends_on__lte=day)
        .exclude(ends_on=F("starts_on"))
        .select_related("approval__supplier")
        .order_by("starts_on", "pk")
        .first()
    )


DEFAULT_SWITCH_DAYS = 14


def switching_notice_days(
    decision: ServiceDecision, approval: Approval | None, joint_facts: dict | None = None
) -> int:
    """Days before a switch takes effect: the scheme's notice period."""
    scheme = decision.scheme or (approval.scheme if approval else None)
    if scheme is not None:
        return scheme.switching_notice_days
    if joint_facts is not None:
        return joint_facts["switching_notice_days"]
    return DEFAULT_SWITCH_DAYS


def choice_starts_on(
    decision: ServiceDecision,
    *,
    approval: Approval | None,
    joint_facts: dict | None = None,
    day: datetime.date | None = None,
) -> datetime.date:
    """The day a choice made today takes effect: at once (from the decision's start) when
    nobody serves yet, otherwise after the scheme's notice period."""
    day = day or timezone.localdate()
    if current_assignment(decision, day) is None:
        return max(day, decision.valid_from)
    return day + datetime.timedelta(days=switching_notice_days(decision, approval, joint_facts))


def active_assignments(*, through: str = "", day: datetime.date | None = None) -> Prefetch:
    """A prefetch of each decision's assignments active on `day`, newest first, onto
    `decision.active_assignments`: the current provider of many decisions in one query.
    `through` is the path to the decisions ("decisions__" from recipients)."""
    day = day or timezone.localdate()
    return Prefetch(
        f"{through}assignments",
        queryset=Assignment.objects.filter(active_on(day))
        .select_related("approval__supplier", "joint_supplier")
        .order_by("-starts_on", "-pk"),
        to_attr="active_assignments",
    )


def _is_upcoming(a: Assignment, day: datetime.date) -> bool:
    # As `upcoming_assignment`: starts later, not already ended, not cancelled before it began.
    return (
        a.starts_on > day
        and not (a.ends_on is not None and a.ends_on <= day)
        and a.ends_on != a.starts_on
    )


def recent_assignments_of(recipient: Recipient, *, days: int = 92) -> list[Assignment]:
    """The recipient's providers of the last months (what a deviation from Min side may be
    about), newest first."""
    since = timezone.localdate() - datetime.timedelta(days=days)
    return list(
        Assignment.objects.filter(decision__recipient=recipient)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=since))
        .exclude(ends_on=F("starts_on"))
        .select_related("decision__service_type", "approval__supplier", "joint_supplier")
        .order_by("-starts_on", "-pk")
    )


def decision_overview(
    recipients: list[Recipient], day: datetime.date | None = None
) -> dict[int, list[dict]]:
    """Each recipient's decisions with the current and upcoming provider and the history, by
    recipient id: two queries however many recipients, decisions and assignments."""
    day = day or timezone.localdate()
    decisions = list(
        ServiceDecision.objects.filter(recipient__in=recipients).select_related(
            "service_type", "scheme"
        )
    )
    history: dict[int, list[Assignment]] = {d.pk: [] for d in decisions}
    for a in (
        Assignment.objects.filter(decision__in=decisions)
        .select_related("approval__supplier", "joint_supplier")
        .order_by("starts_on", "pk")
    ):
        history[a.decision_id].append(a)
    rows: dict[int, list[dict]] = {r.pk: [] for r in recipients}
    for d in decisions:
        past = history[d.pk]
        active = [a for a in past if a.starts_on <= day and (a.ends_on is None or a.ends_on > day)]
        upcoming = [a for a in past if _is_upcoming(a, day)]
        rows[d.recipient_id].append(
            {
                "decision": d,
                "current": active[-1] if active else None,
                "upcoming": upcoming[0] if upcoming else None,
                "history": past,
            }
        )
    return rows


def load(approval: Approval, day: datetime.date | None = None) -> int:
    """Recipients the supplier serves now or will soon serve under this approval."""
    day = day or timezone.localdate()
    return (
        approval.assignments.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day))
        .exclude(ends_on=F("starts_on"))
        .count()
    )


def served_under(approval: Approval, day: datetime.date | None = None) -> int:
    """Recipients served now, or about to be, under this approval: those an approval that stops
    asks to choose again."""
    day = day or timezone.localdate()
    not_started = Q(starts_on__gt=day) & ~Q(ends_on=F("starts_on"))
    return (
        approval.assignments.filter(active_on(day) | not_started)
        .values("decision__recipient_id")
        .distinct()
        .count()
    )


def at_capacity(approval: Approval, day: datetime.date | None = None) -> bool:
    return approval.capacity_cap is not None and load(approval, day) >= approval.capacity_cap


def serves_zone(approval: Approval, zone: Zone | None) -> bool:
    zones = list(approval.zones.all())
    return not zones or (zone is not None and zone in zones)


def eligible_approvals(
    *, scheme: Scheme, zone: Zone | None, day: datetime.date | None = None
) -> list[Approval]:
    """Approvals the default rule may rotate among: active, open to new recipients, serving the
    recipient's zone, below their capacity cap."""
    approvals = Approval.objects.filter(
        scheme=scheme, status=ApprovalStatus.ACTIVE, takes_new_recipients=True
    ).order_by("pk")
    return [a for a in approvals if serves_zone(a, zone) and not at_capacity(a, day)]


def rotation_counts(scheme: Scheme) -> dict[int, int]:
    rows = (
        Assignment.objects.filter(approval__scheme=scheme, reason=AssignmentReason.DEFAULT_ROTATION)
        .values("approval_id")
        .annotate(n=Count("pk"))
    )
    return {row["approval_id"]: row["n"] for row in rows}


def scheme_for(service_type: ServiceType) -> Scheme | None:
    """The municipality's own scheme for a service (published, or closed but still running)."""
    return (
        Scheme.objects.filter(
            service_type=service_type, status__in=[SchemeStatus.PUBLISHED, SchemeStatus.CLOSED]
        )
        .order_by("-published_at")
        .first()
    )


@dataclass(frozen=True)
class ProviderFacts:
    """The same comparable facts for every provider on the decision-support page."""

    key: str  # "kommunal" or the approval id
    name: str
    is_municipal: bool
    zones: str
    takes_new: bool
    languages: str
    competence: str
    additional_services: str
    contact: str
    approval: Approval | None
    phone: str = ""
    email: str = ""
    # The zones it serves; empty means the whole municipality.
    zone_ids: frozenset[int] = frozenset()

    @property
    def language_list(self) -> list[str]:
        """'norsk, polsk' as ['norsk', 'polsk'] (what the language filter matches)."""
        return [x.strip().lower() for x in self.languages.replace(";", ",").split(",") if x.strip()]


def filter_providers(
    providers: list[ProviderFacts], *, zone_id: int | None = None, language: str = ""
) -> list[ProviderFacts]:
    """The providers that serve this zone (or all of the municipality) and speak this language;
    the municipal provider serves every zone. The neutral order is kept."""
    language = language.strip().lower()
    return [
        p
        for p in providers
        if (zone_id is None or not p.zone_ids or zone_id in p.zone_ids)
        and (not language or language in p.language_list)
    ]


def spoken_languages(providers: list[ProviderFacts]) -> list[str]:
    """Every language some provider names, once each, in alphabetical order (the filter's
    choices)."""
    return sorted({language for p in providers for language in p.language_list})


def providers_for(
    service_type: ServiceType, *, day: datetime.date | None = None, municipal_contact: str = ""
) -> list[ProviderFacts]:
    """Every approved provider and the municipal one, in an order that favours no one: shuffled
    with a seed that changes every day and is the same for everyone that day."""
    from django.utils.translation import gettext as _

    day = day or timezone.localdate()
    scheme = scheme_for(service_type)
    # The municipal provider's facts; the scheme's contact is the municipality's own.
    providers = [
        ProviderFacts(
            key="kommunal",
            name=_("Kommunal egenregi (%(name)s)") % {"name": connection.tenant.display_name},
            is_municipal=True,
            zones=_("Hele kommunen"),
            takes_new=True,
            languages=_("norsk"),
            competence=_("Kommunens egne ansatte med fagutdanning"),
            additional_services=_("Ingen"),
            contact=municipal_contact,
            approval=None,
            phone=scheme.contact_phone if scheme else "",
            email=scheme.contact_email if scheme else "",
        )
    ]
    if scheme is not None:
        for approval in (
            Approval.objects.filter(scheme=scheme, status=ApprovalStatus.ACTIVE)
            .select_related("supplier")
            .prefetch_related("zones")
        ):
            zones = ", ".join(z.name for z in approval.zones.all()) or _("Hele kommunen")
            providers.append(
                ProviderFacts(
                    key=str(approval.pk),
                    name=approval.supplier.name,
                    is_municipal=False,
                    zones=zones,
                    takes_new=approval.takes_new_recipients and not at_capacity(approval, day),
                    languages=approval.languages or "–",
                    competence=approval.staff_competence or "–",
                    additional_services=approval.additional_services or _("Ingen"),
                    contact=", ".join(
                        x for x in [approval.contact_phone, approval.contact_email] if x
                    ),
                    approval=approval,
                    phone=approval.contact_phone,
                    email=approval.contact_email,
                    zone_ids=frozenset(z.pk for z in approval.zones.all()),
                )
            )
    for joint in joint_providers(participant=connection.tenant, service_type_id=service_type.pk):
        providers.append(
            ProviderFacts(
                key=f"{joint['host'].pk}:{joint['approval_id']}",
                name=joint["supplier_name"],
                is_municipal=False,
                zones=_("Hele kommunen (interkommunal ordning med %(host)s)")
                % {"host": joint["host"].display_name},
                takes_new=joint["takes_new"],
                languages=joint["languages"] or "–",
                competence=joint["competence"] or "–",
                additional_services=joint["additional_services"] or _("Ingen"),
                contact=joint["contact"],
                approval=None,
            )
        )
    random.Random(f"{day.isoformat()}:{service_type.code}").shuffle(providers)
    return providers


ASSIGNMENT_ORDERINGS: dict[str, tuple[str, ...]] = {
    "start": ("starts_on", "pk"),
    "-start": ("-starts_on", "-pk"),
    "navn": ("decision__recipient__full_name", "pk"),
}


def assignments_for_suppliers(
    supplier_ids: list[int], *, order: str = "start"
) -> QuerySet[Assignment]:
    """Current and upcoming assignments of these suppliers, nothing ended."""
    day = timezone.localdate()
    return (
        Assignment.objects.filter(
            # Approvals by subquery, not a join: the filter then reads the assignment's own
            # approval index instead of sorting every approval's assignments.
            Q(approval_id__in=Approval.objects.filter(supplier_id__in=supplier_ids).values("pk"))
            | Q(joint_supplier_id__in=supplier_ids)
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day))
        .exclude(ends_on=F("starts_on"))
        # A decision past its last day serves nobody, even before the daily expiry ends it.
        .exclude(decision__valid_to__lt=day)
        .select_related(
            "decision__recipient", "decision__service_type", "approval__supplier", "joint_supplier"
        )
        .order_by(*ASSIGNMENT_ORDERINGS.get(order, ASSIGNMENT_ORDERINGS["start"]))
    )


def logins_of(user: User) -> QuerySet[RecipientLogin]:
    """Recipients this citizen may see and act for: confirmed access only."""
    if not user.is_authenticated:
        return RecipientLogin.objects.none()
    return RecipientLogin.objects.filter(user=user, confirmed_at__isnull=False).select_related(
        "recipient"
    )


def pending_logins_of(user: User) -> QuerySet[RecipientLogin]:
    """Access a case worker has given this account that the holder has not confirmed yet."""
    if not user.is_authenticated:
        return RecipientLogin.objects.none()
    return RecipientLogin.objects.filter(user=user, confirmed_at__isnull=True).order_by("pk")


def cases(*, supplier_id: int | None = None, status: str = "") -> QuerySet[QualityCase]:
    result = QualityCase.objects.select_related("approval__supplier")
    if supplier_id:
        result = result.filter(approval__supplier_id=supplier_id)
    if status:
        result = result.filter(status=status)
    return result


ACCESS_LOG_ORDERINGS: dict[str, tuple[str, ...]] = {
    "-tid": ("-at", "-pk"),
    "tid": ("at", "pk"),
}


def access_log(
    *,
    recipient_id: int | None = None,
    user_id: int | None = None,
    day: datetime.date | None = None,
    order: str = "-tid",
    recipient_name: str = "",
    user_name: str = "",
) -> QuerySet[AccessLogEntry]:
    """The log, newest first; every filter is on an indexed column (recipient, user, time), and
    a name narrows to the recipients or users whose name contains it."""
    entries = AccessLogEntry.objects.select_related("user")
    if recipient_id:
        entries = entries.filter(recipient_id=recipient_id)
    if user_id:
        entries = entries.filter(user_id=user_id)
    if recipient_name.strip():
        entries = entries.filter(
            recipient_id__in=Recipient.objects.filter(
                full_name__icontains=recipient_name.strip()
            ).values("pk")
        )
    if user_name.strip():
        entries = entries.filter(user__full_name__icontains=user_name.strip())
    if day:
        # A range on `at` uses its index; `at__date=` would cast every row first.
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        entries = entries.filter(at__gte=start, at__lt=start + datetime.timedelta(days=1))
    return entries.order_by(*ACCESS_LOG_ORDERINGS.get(order, ACCESS_LOG_ORDERINGS["-tid"]))


# --- The access log in plain words, for the person it is about ----------------------------------


def _role_words() -> dict[str, str]:
    from django.utils.translation import gettext as _

    return {
        "case_worker": _("saksbehandler i kommunen"),
        "municipal_admin": _("administrator i kommunen"),
        "municipal_officer": _("saksbehandler for ordninger i kommunen"),
        "self": _("personen selv"),
        "proxy": _("fullmektig"),
        "supplier": _("leverandøren som gir tjenesten"),
        "host_municipality": _("kommunen som driver en felles ordning"),
    }


def _what_words() -> dict[str, str]:
    from django.utils.translation import gettext as _

    return {
        "detaljside": _("så opplysningene"),
        "liste over tjenestemottakere": _("så navnet i en liste over tjenestemottakere"),
        "eksport (CSV)": _("tok ut en liste med navnet"),
        "valg av leverandør": _("åpnet siden der kommunen registrerer valg av leverandør"),
        "valg av leverandør (min side)": _("åpnet siden for å velge leverandør"),
        "min side": _("åpnet Min side"),
        "hvem har sett opplysningene (min side)": _("så hvem som har sett opplysningene"),
        "brukervalg": _("registrerte et valg av leverandør"),
        "angret bytte av leverandør": _("angret et bytte av leverandør"),
        "oppdragsliste": _("så oppdraget i leverandørens liste"),
        "vedtak": _("registrerte et vedtak"),
        "tjenestemottaker": _("registrerte personen som tjenestemottaker"),
        "opplysninger": _("endret navn, adresse eller kontaktopplysninger"),
        "kontakt": _("registrerte en pårørende eller fullmektig"),
        "API: mottaker": _("hentet opplysningene til kommunens fagsystem"),
        "innlogging bekreftet av kontoinnehaveren": _("bekreftet tilgangen til Min side"),
    }


@dataclass(frozen=True)
class PlainEntry:
    at: datetime.datetime
    who: str
    role: str
    what: str


def in_plain_words(entry: AccessLogEntry) -> PlainEntry:
    """An access-log line without role codes or internal page names."""
    from django.utils.translation import gettext as _

    what = _what_words().get(entry.what)
    if what is None:
        if entry.what.startswith("innlogging gitt"):
            what = _("ga tilgang til Min side")
        elif entry.what.startswith("nytt valg"):
            what = _("ba om nytt valg av leverandør fordi leverandørens godkjenning stanset")
        else:
            what = str(entry.get_action_display()).lower()
    return PlainEntry(
        at=entry.at,
        who=entry.user.full_name or entry.user.email,
        role=_role_words().get(entry.role, _("annen bruker")),
        what=what,
    )


def viewed_by_others(*, recipient_id: int, viewer: User) -> QuerySet[AccessLogEntry]:
    """Who else has seen or changed the person's data (the viewer's own lines are folded)."""
    return access_log(recipient_id=recipient_id).exclude(user=viewer)


def own_views(*, recipient_id: int, viewer: User) -> tuple[int, datetime.datetime | None]:
    mine = access_log(recipient_id=recipient_id).filter(user=viewer)
    latest = mine.order_by("-at").values_list("at", flat=True).first()
    return mine.count(), latest


# Two rules a municipal admin can explain to anyone: many different people looked up by one user
# in one day, and lookups outside working hours (07–18 local time).
MANY_RECIPIENTS_PER_DAY = 20
WORKING_HOURS = range(7, 18)


@dataclass(frozen=True)
class UnusualAccess:
    user: User
    day: datetime.date
    rule: str
    count: int


# The findings aggregate every entry of the last 30 days (100,000 rows in a city), so the admin's
# page reads them at most once in this many seconds per municipality (cache keys carry the schema).
UNUSUAL_CACHE_SECONDS = 300


def recent_unusual_access(*, days: int = 30) -> list[UnusualAccess]:
    """`unusual_access` over the last `days`, computed at most once per five minutes."""
    from django.core.cache import cache
    from django.utils.translation import get_language

    since = timezone.localdate() - datetime.timedelta(days=days)
    # The findings carry their rule as text, in the language of the page that computed them.
    key = f"recipients:unusual-access:{since.isoformat()}:{get_language()}"
    found = cache.get(key)
    if found is None:
        found = unusual_access(since=since)
        cache.set(key, found, UNUSUAL_CACHE_SECONDS)
    return found


def unusual_access(*, since: datetime.date) -> list[UnusualAccess]:
    from django.utils.translation import gettext as _

    entries = AccessLogEntry.objects.filter(at__date__gte=since).exclude(role__in=["self", "proxy"])
    findings: list[UnusualAccess] = []
    users = {u.pk: u for u in User.objects.filter(pk__in=entries.values("user_id"))}
    many = (
        entries.annotate(day=TruncDate("at"))
        .values("user_id", "day")
        .annotate(n=Count("recipient_id", distinct=True))
        .filter(n__gt=MANY_RECIPIENTS_PER_DAY)
    )
    for row in many:
        findings.append(
            UnusualAccess(
                users[row["user_id"]],
                row["day"],
                _("Så mer enn %(n)d ulike personer samme dag") % {"n": MANY_RECIPIENTS_PER_DAY},
                row["n"],
            )
        )
    late = (
        entries.annotate(hour=ExtractHour("at"), day=TruncDate("at"))
        .exclude(hour__in=list(WORKING_HOURS))
        .values("user_id", "day")
        .annotate(n=Count("pk"))
    )
    for row in late:
        findings.append(
            UnusualAccess(
                users[row["user_id"]], row["day"], _("Oppslag utenfor arbeidstid (07–18)"), row["n"]
            )
        )
    return sorted(findings, key=lambda f: (f.day, f.user.pk), reverse=True)


# --- Joint schemes seen from a participating municipality ----------------------------------------


def offer_facts(approval: Approval) -> dict:
    """What residents compare about one approved supplier, as the national `JointOffer`
    projection holds it; read live in the host's schema."""
    return {
        "scheme_id": approval.scheme_id,
        "supplier_id": approval.supplier_id,
        "service_type_id": approval.scheme.service_type_id,
        "scheme_title": approval.scheme.title,
        "active": approval.status == "active",
        "takes_new": approval.takes_new_recipients and not at_capacity(approval),
        "languages": approval.languages,
        "competence": approval.staff_competence,
        "additional_services": approval.additional_services,
        "contact": ", ".join(x for x in [approval.contact_phone, approval.contact_email] if x),
        "switching_notice_days": approval.scheme.switching_notice_days,
    }


# The keys of `offer_facts`, as `JointOffer` stores them.
_OFFER_FIELDS = (
    "scheme_id", "supplier_id", "service_type_id", "scheme_title", "active", "takes_new",
    "languages", "competence", "additional_services", "contact", "switching_notice_days",
)  # fmt: skip


def _joint_facts(host: Municipality, approval: Approval) -> dict:
    return {
        "host": host,
        "approval_id": approval.pk,
        "supplier_name": approval.supplier.name,
        **offer_facts(approval),
    }


def joint_providers(*, participant: Municipality, service_type_id: int) -> list[dict]:
    """Suppliers approved by host municipalities in joint schemes this municipality takes part
    in, for one service: an approval by the host counts in every participant. Read from the
    national projection (`JointOffer`), never from the hosts' schemas."""
    from public_site.announcements.models import Announcement, AnnouncementStatus, JointOffer

    schemes = Announcement.objects.filter(
        participants=participant,
        service_type_id=service_type_id,
        status__in=[AnnouncementStatus.OPEN, AnnouncementStatus.CLOSED],
    ).values_list("host_id", "scheme_id")
    wanted = Q(pk__in=[])
    for host_id, scheme_id in schemes:
        wanted |= Q(host_id=host_id, scheme_id=scheme_id)
    offers = (
        JointOffer.objects.filter(wanted, active=True)
        .select_related("host", "supplier")
        .order_by("pk")
    )
    return [
        {
            "host": offer.host,
            "approval_id": offer.approval_id,
            "supplier_name": offer.supplier.name,
            **{name: getattr(offer, name) for name in _OFFER_FIELDS},
        }
        for offer in offers
    ]


def joint_approval(*, host: Municipality, approval_id: int) -> dict | None:
    """One host approval's facts, read in the host's schema, or None."""
    with in_municipality(host):
        approval = (
            Approval.objects.filter(pk=approval_id).select_related("supplier", "scheme").first()
        )
        return _joint_facts(host, approval) if approval else None


def open_assignments(
    *, supplier_ids: list[int] | None = None, created_after: datetime.datetime | None = None
) -> QuerySet[Assignment]:
    """Assignments not yet ended (current and upcoming), oldest order first: all of the
    municipality's, or only these suppliers'; `created_after` gives only the new orders."""
    day = timezone.localdate()
    found = (
        assignments_for_suppliers(supplier_ids)
        if supplier_ids is not None
        else Assignment.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day))
        .exclude(ends_on=F("starts_on"))
        .exclude(decision__valid_to__lt=day)
        .select_related(
            "decision__recipient", "decision__service_type", "approval__supplier", "joint_supplier"
        )
    )
    if created_after is not None:
        found = found.filter(created_at__gt=created_after)
    return found.order_by("created_at", "pk")

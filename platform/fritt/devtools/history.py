"""Two years of plausible history for the demo and the national benchmark, made by the real
services with the clock moved back, so that every figure on /statistikk/ comes from the same
pipeline as in production: schemes published, suppliers applying once to several
municipalities and decided on, recipients registered with decisions who choose (themselves,
by a proxy, through a case worker or by the default rule), switch, complain and stop.

The run is in two phases. The market (schemes, applications, approvals) is one transaction
across all municipalities, since one application envelope reaches several. Then each
municipality's recipients are one transaction of their own: a municipality either has its
whole history or none, so an interrupted run resumes where it stopped, and a second start
finds everything done.
"""

from __future__ import annotations

import dataclasses
import datetime
import heapq
import itertools
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import time_machine
from celery.app.task import Task
from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from fritt.accounts.models import User
from fritt.accounts.roles import Role
from fritt.accounts.selectors import roles_cached
from fritt.accounts.services import assign_role
from fritt.devtools import demo_people
from fritt.errors import DomainError
from fritt.tenancy.schemas import in_municipality
from public_site.catalogue.models import ServiceType
from public_site.suppliers.models import Supplier
from tenants.municipalities.models import Municipality
from tenants.municipalities.provisioning import provision_municipality
from tenants.recipients.models import DecisionStatus

MONTHS = 24
# The demo's five; the biggest municipality of every other county; three small ones, so that
# every county and every population band has municipalities on the platform.
HISTORY_MUNICIPALITIES = [
    "0301", "4601", "5001", "4619", "4620",
    "1103", "1508", "1804", "3107", "3201", "3301", "3403", "3905", "4003", "4204", "5501",
    "5603", "5025", "3434", "1857",
]  # fmt: skip
# One recipient of municipal care services in the history per this many inhabitants: a
# city gets thousands, a small municipality a dozen or two.
INHABITANTS_PER_RECIPIENT = 250
FEWEST_RECIPIENTS = 12
# Municipalities on the platform that have not started free choice: the analyst's list of
# municipalities above 5,000 inhabitants without it is not empty.
NOT_STARTED = {"4003", "3403"}
# A decision's reference in the case system; the history's mark that a municipality is done.
REFERENCE_PREFIX = "HIST-"
OSLO_TIME = ZoneInfo("Europe/Oslo")
HOW_BY_PHONE = "På telefon med saksbehandler"
CLOSED = (DecisionStatus.ENDED, DecisionStatus.ANNULLED)

SERVICE_MIX = [("praktisk-bistand", 55), ("hjemmesykepleie", 33), ("bpa", 4), ("trygghetsalarm", 8)]
FIRST_NAMES = [
    "Anne", "Inger", "Kari", "Marit", "Ingrid", "Liv", "Eva", "Berit", "Astrid", "Bjørg",
    "Hilde", "Anna", "Solveig", "Marianne", "Randi", "Ida", "Nina", "Jan", "Per", "Bjørn",
    "Ole", "Lars", "Kjell", "Knut", "Arne", "Svein", "Hans", "Geir", "Tor", "Odd", "Einar",
    "Terje", "Rolf", "Leif", "Arvid", "Sverre", "Olav", "Ragnhild", "Gunn", "Torill", "Jorunn",
    "Sigrid", "Magnhild", "Halvor", "Nils", "Harald",
]  # fmt: skip
LAST_NAMES = [
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
    "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen",
    "Johannessen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Henriksen",
    "Lund", "Sørensen", "Jakobsen", "Moen", "Gundersen", "Iversen", "Strand", "Solberg",
    "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen", "Bakken", "Kristoffersen",
    "Mathisen", "Lie", "Rasmussen", "Amundsen", "Lunde", "Kristensen", "Bakke", "Berge", "Moe",
    "Nygård", "Fredriksen", "Solheim", "Holm", "Lien", "Andresen", "Hauge", "Knudsen",
]  # fmt: skip
STREETS = [
    "Storgata", "Kirkeveien", "Skolegata", "Parkveien", "Bakkeveien", "Fjordgata", "Solbakken",
    "Lia", "Haugen",
]  # fmt: skip
SUPPLIER_WORDS = [
    "Hjemmehjelp", "Omsorg", "Hverdagshjelp", "Trygg Omsorg", "Assistanse", "Helse og Hjem",
    "Bistand", "Livskvalitet", "Nærhjelp", "Hjemmetjenester",
]  # fmt: skip
NATIONAL_CHAINS = ["Hjem og Helse Norge AS", "Nordisk Omsorg AS", "Aktiv Assistanse Norge AS"]


def real_now() -> datetime.datetime:
    """Now on the wall clock, also while the history's clock stands in the past."""
    hatch = time_machine.escape_hatch
    # The hatch's clock exists only while travelling (it crashes before the first travel).
    return (hatch.datetime.datetime if hatch.is_travelling() else datetime.datetime).now(OSLO_TIME)


def history_start() -> datetime.datetime:
    """Nine in the morning on the first working day of the month MONTHS ago."""
    first = real_now().date().replace(day=1) - relativedelta(months=MONTHS - 1)
    return _at(_working_day(first), hour=9)


def _at(day: datetime.date, *, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=OSLO_TIME)


def _working_day(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def _dropped(*args: Any, **kwargs: Any) -> None:
    return None


@contextmanager
def past() -> Iterator[Callable[[datetime.datetime], None]]:
    """Inside, the clock stands where the caller moves it; nothing is sent to the worker,
    since mail about two-year-old events would only flood the demo's mailbox; and decision
    letters are not stored (rendering one takes most of a second, two per approval; the
    officer's and supplier's letter links render them on demand all the same)."""
    with (
        time_machine.travel(history_start(), tick=False) as traveller,
        mock.patch.object(Task, "apply_async", _dropped),
        mock.patch("tenants.applications.services.review.store_decision_letter", _dropped),
        mock.patch("tenants.applications.services.approvals.store_decision_letter", _dropped),
    ):
        yield traveller.move_to


@dataclasses.dataclass
class Progress:
    """What the caller shows: steps done of all, and what is being done."""

    total: int
    done: int = 0
    made: int = 0  # recipients made by this run (0: everything was there)
    report: Callable[[Progress, str], None] | None = None

    def step(self, label: str, n: int = 1) -> None:
        self.done += n
        if self.report:
            self.report(self, label)


# -- who acts ---------------------------------------------------------------------------------


def staff(municipality: Municipality) -> tuple[User, User, User]:
    """The municipality's admin, scheme officer and case worker, as the demo names them."""
    from fritt.devtools.demo import municipal_staff

    admin, officer, case_worker = municipal_staff(municipality)
    return admin, officer, case_worker


def _orgnr(n: int) -> str:
    """A valid, made-up organisasjonsnummer: `9` and seven digits from `n` on, and the check
    digit python-stdnum accepts."""
    from stdnum.no import orgnr

    while True:
        for digit in "0123456789":
            if orgnr.is_valid(f"9{n:07d}{digit}"):
                return f"9{n:07d}{digit}"
        n += 1


# -- phase 1: the market ----------------------------------------------------------------------


@dataclasses.dataclass
class Planned:
    municipality: Municipality
    recipients: int
    starts: dict[str, int]  # service code -> month the scheme is published
    applicants: int  # how many suppliers apply to each scheme


def plan(
    municipality: Municipality,
    rng: random.Random,
    *,
    per: int = INHABITANTS_PER_RECIPIENT,
    fewest: int = FEWEST_RECIPIENTS,
) -> Planned:
    population = municipality.population
    recipients = max(population // per, fewest)
    starts: dict[str, int] = {}
    if municipality.kommunenummer not in NOT_STARTED:
        starts["praktisk-bistand"] = 0 if population >= 50_000 else rng.choice([0, 3, 6, 12, 18])
        if population >= 100_000 and rng.random() < 0.6:
            starts["hjemmesykepleie"] = rng.choice([0, 6, 12])
        if population >= 50_000 and rng.random() < 0.5:
            starts["bpa"] = rng.choice([0, 9])
    applicants = (
        rng.randint(5, 8)
        if population >= 100_000
        else rng.randint(3, 5)
        if population >= 50_000
        else rng.randint(2, 3)
        if population >= 20_000
        else rng.randint(1, 2)
        if population >= 5_000
        else rng.randint(0, 1)
    )
    return Planned(municipality, recipients, starts, applicants)


def _schemes_to_publish(planned: Planned) -> list[tuple[int, str]]:
    """(month, service code) for the schemes the history publishes; the demo's own schemes
    (published by the demo seed at the start) count as there already."""
    from public_site.announcements.models import JointMembership
    from tenants.schemes.models import Scheme

    # A service the municipality offers through another's joint scheme is not announced twice.
    joint = set(
        JointMembership.objects.filter(participant=planned.municipality).values_list(
            "service_type__code", flat=True
        )
    )
    with in_municipality(planned.municipality):
        existing = set(Scheme.objects.values_list("service_type__code", flat=True))
    return [(m, code) for code, m in planned.starts.items() if code not in existing | joint]


class Timeline:
    """Events in time order; an event may add later ones. Nothing after `until` happens."""

    def __init__(self, until: datetime.datetime) -> None:
        self.until = until
        self._events: list[tuple[datetime.datetime, int, Callable[[], None]]] = []
        self._order = itertools.count()

    def at(self, when: datetime.datetime, action: Callable[[], None]) -> None:
        if when <= self.until:
            heapq.heappush(self._events, (when, next(self._order), action))

    def run(self, clock: Callable[[datetime.datetime], None]) -> None:
        while self._events:
            when, _, action = heapq.heappop(self._events)
            clock(when)
            action()


def build_market(
    plans: list[Planned], rng: random.Random, timeline: Timeline, serial: Iterator[int]
) -> None:
    """One county: its schemes published at their month, and regional suppliers applying once
    to the schemes open there; officers review, approve most, reject some; suppliers withdraw
    a few and accept their contracts."""
    from fritt.devtools.demo import publish_scheme

    start = history_start()
    for planned in plans:
        _, officer, _ = staff(planned.municipality)
        for month, code in _schemes_to_publish(planned):
            day = _working_day((start + relativedelta(months=month)).date())
            service = ServiceType.objects.get(code=code)
            rate = str(rng.randint(520, 780)) + ".00"
            timeline.at(
                _at(day, hour=9),
                lambda p=planned, o=officer, c=code, s=service, r=rate: publish_scheme(
                    p.municipality,
                    o,
                    title=f"{s.name} i {p.municipality.name_norwegian}",
                    code=c,
                    zone_names=[],
                    rates=[(s.default_unit, "all", r)],
                    participants=[],
                ),  # fmt: skip
            )
    seats = max(p.applicants for p in plans)
    place = max(plans, key=lambda p: p.municipality.population).municipality.name_norwegian
    for i in range(seats):
        name = f"{place} {SUPPLIER_WORDS[i % len(SUPPLIER_WORDS)]} AS"
        targets = [p for p in plans if p.applicants > i]
        _plan_applications(*_supplier(name, 10 * next(serial)), targets, i, rng, timeline)


def build_chains(
    plans: list[Planned], rng: random.Random, timeline: Timeline, serial: Iterator[int]
) -> None:
    """The national chains applying to the cities among `plans`."""
    cities = [p for p in plans if p.municipality.population >= 100_000]
    for i, name in enumerate(NATIONAL_CHAINS if cities else []):
        _plan_applications(*_supplier(name, 10 * next(serial)), cities, i, rng, timeline)


def _plan_applications(
    supplier, admin, targets: list[Planned], rank: int, rng: random.Random, timeline: Timeline
) -> None:
    """The first two in each county come when the schemes open, the rest over the two years;
    one envelope goes to every target whose schemes are open by then."""
    start = history_start()
    entry = rng.choice([0, 0, 1, 2]) if rank < 2 else rng.randint(1, MONTHS - 3)
    by_month: dict[int, list[Planned]] = {}
    for target in targets:
        opens = _opening_month(target)
        if opens is not None:
            by_month.setdefault(max(entry, opens), []).append(target)
    for month, group in sorted(by_month.items()):
        day = _working_day((start + relativedelta(months=month, days=rng.randint(3, 20))).date())
        timeline.at(
            _at(day, hour=11),
            lambda s=supplier, a=admin, t=group: _apply(s, a, t, rng, timeline.at),
        )


def _opening_month(planned: Planned) -> int | None:
    """The month (from the start) the municipality's first scheme is or will be published."""
    from tenants.schemes.models import Scheme

    with in_municipality(planned.municipality):
        published = Scheme.objects.filter(published_at__isnull=False).order_by("published_at")
        first = published.values_list("published_at", flat=True).first()
    months = list(planned.starts.values())
    if first is not None:
        delta = relativedelta(timezone.localtime(first), history_start())
        months.append(max(delta.years * 12 + delta.months, 0))
    return min(months) if months else None


def _market_done(planned: Planned) -> bool:
    """Its schemes are published and, where suppliers are planned, they applied long ago (the
    demo's own applications are from today)."""
    from tenants.applications.models import Application

    if _schemes_to_publish(planned):
        return False
    if not planned.applicants or _opening_month(planned) is None:
        return True
    with in_municipality(planned.municipality):
        return Application.objects.filter(
            submitted_at__lt=real_now() - datetime.timedelta(days=60)
        ).exists()


def _supplier(name: str, serial: int) -> tuple[Supplier, User]:
    from fritt.devtools.demo import _checked, _user

    supplier, _ = Supplier.objects.get_or_create(
        orgnr=_orgnr(serial), defaults={"name": name, **_checked()}
    )
    slug = "".join(ch for ch in name.lower() if ch.isalnum())[:30]
    admin = _user(f"leder@{slug}.demo.frittbrukervalg.no", f"Daglig leder {name}")
    assign_role(user=admin, role=Role.SUPPLIER_ADMIN, supplier=supplier)
    return supplier, admin


def _valid_documents(supplier) -> list:
    """One document of each kind the demo schemes ask for, valid today, or [] if one lacks."""
    from fritt.devtools.demo import DEMO_DOCUMENT_TYPES
    from public_site.suppliers.selectors import valid_document

    found = [valid_document(supplier=supplier, document_type=t) for t in DEMO_DOCUMENT_TYPES]
    return found if all(found) else []


def _apply(supplier, admin, targets: list[Planned], rng: random.Random, at) -> None:
    """One envelope to every open scheme among the targets; each part is then reviewed."""
    from fritt.devtools.demo import upload_documents
    from public_site.announcements.models import Announcement, AnnouncementStatus
    from public_site.applying import services as apply_once
    from tenants.applications.services import PartRequest

    hosts = {p.municipality.pk: p for p in targets}
    open_now = Announcement.objects.filter(
        host_id__in=hosts, status=AnnouncementStatus.OPEN
    ).select_related("host")
    chosen = []
    for announcement in open_now:
        with in_municipality(announcement.host):
            from tenants.applications.models import Application
            from tenants.schemes.models import Scheme

            scheme = Scheme.objects.get(pk=announcement.scheme_id)
            # Not a scheme announced later in the history than this envelope (the chains' run
            # comes after the counties' and finds every scheme announced), nor one applied to.
            applied = Application.objects.filter(supplier=supplier, scheme=scheme).exists()
            if scheme.published_at <= timezone.now() and not applied:
                chosen.append(
                    (announcement, scheme.pk, list(scheme.zones.values_list("pk", flat=True)))
                )
    if not chosen:
        return
    with transaction.atomic():
        # From the supplier's vault, as a second envelope would; uploaded for the first, or
        # again when the vault's are not valid on this day (a second fill, as the benchmark's,
        # goes back to dates before the first fill's uploads).
        documents = _valid_documents(supplier) or upload_documents(supplier, admin, expiring=False)
        parts = [
            (
                announcement,
                PartRequest(
                    scheme_id=scheme_id, zone_ids=zone_ids, document_ids=[d.pk for d in documents]
                ),
            )
            for announcement, scheme_id, zone_ids in chosen
        ]
        apply_once.submit_envelope(
            supplier=supplier,
            by=admin,
            common_answers={
                "contact_name": admin.full_name,
                "contact_email": admin.email,
                "contact_phone": "22 00 00 00",
                "about": f"{supplier.name} leverer hjemmetjenester.",
                "languages": rng.choice(["norsk", "norsk, engelsk", "norsk, polsk, engelsk"]),
                "staff_competence": "Helsefagarbeidere og assistenter.",
                "additional_services": "",
            },
            parts=parts,
        )
    for announcement, part in parts:
        _plan_review(announcement.host, supplier, admin, part.scheme_id, rng, at)


def _plan_review(host, supplier, admin, scheme_id, rng: random.Random, at) -> None:
    from tenants.applications import services as review
    from tenants.applications.models import Application

    _, officer, _ = staff(host)
    big = host.population >= 50_000
    now = timezone.localtime()
    started = _at(_working_day((now + datetime.timedelta(days=rng.randint(2, 7))).date()), hour=10)
    decided = _at(
        _working_day(
            (started + datetime.timedelta(days=rng.randint(10, 75 if big else 40))).date()
        ),
        hour=13,
    )
    fate = rng.random()

    def application() -> Application:
        return Application.objects.get(supplier=supplier, scheme_id=scheme_id)

    def start() -> None:
        with in_municipality(host):
            review.start_review(application=application(), by=officer)

    def decide() -> None:
        with in_municipality(host), transaction.atomic():
            found = application()
            if fate < 0.06:
                review.withdraw(application=found, by=admin)
                return
            conditions = list(found.scheme.conditions.values_list("pk", flat=True))
            rejected = fate < 0.18
            assessments = dict.fromkeys(conditions, ("met", ""))
            if rejected and conditions:
                assessments[conditions[-1]] = ("not_met", "Rutinen for politiattest mangler.")
            if conditions:
                review.assess_conditions(application=found, by=officer, assessments=assessments)
            if rejected:
                review.reject(
                    application=found,
                    by=officer,
                    reasons="Vilkåret om politiattest er ikke oppfylt.",
                )
                return
            approval = review.approve(
                application=found, by=officer, reasons="Alle vilkår er oppfylt."
            )
        accepted = _at(_working_day((decided + datetime.timedelta(days=2)).date()), hour=9)
        at(accepted, lambda: _accept(host, approval, admin))

    at(started, start)
    at(decided, decide)


def _accept(host, approval, admin) -> None:
    from tenants.applications import services as review

    with in_municipality(host):
        review.accept_contract(approval=approval, by=admin)


# -- phase 2: one municipality's recipients ---------------------------------------------------


class _People:
    """Made-up names, addresses and valid fødselsnumre (born 1925–1965) for one municipality."""

    def __init__(self, municipality: Municipality, rng: random.Random) -> None:
        self.municipality = municipality
        self.rng = rng
        self.used: set[str] = set()

    def person(self) -> dict[str, str]:
        rng = self.rng
        while True:
            born = datetime.date(rng.randint(1925, 1965), rng.randint(1, 12), rng.randint(1, 28))
            fnr = demo_people.demo_fnr(f"{born:%d%m%y}", rng.randint(0, 480))
            if fnr not in self.used:
                self.used.add(fnr)
                break
        return {
            "full_name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            "fnr": fnr,
            "address": f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
            "postcode": "0001",
            "postplace": self.municipality.name_norwegian,
        }


class _Market:
    """The approvals a recipient can choose among on a day, with how popular each is."""

    def __init__(self, rng: random.Random) -> None:
        from tenants.applications.models import Approval, ApprovalStatus

        self.rng = rng
        self.approvals = list(
            Approval.objects.filter(status=ApprovalStatus.ACTIVE)
            .select_related("scheme")
            .prefetch_related("zones")
        )
        self.zones = {a.pk: {z.pk for z in a.zones.all()} for a in self.approvals}
        self.weight = {a.pk: rng.choice([0.5, 1, 1, 2, 3]) for a in self.approvals}
        self.stopped: set[int] = set()

    def running(self, day: datetime.date) -> list:
        return [a for a in self.approvals if a.valid_from <= day and a.pk not in self.stopped]

    def pick_for(self, decision, *, besides: int | None = None):
        """A supplier approved for the decision's service and the recipient's zone today, the
        popular ones more often (None when there is none)."""
        zone = decision.recipient.zone
        choices = [
            a
            for a in self.running(timezone.localdate())
            if a.scheme.service_type_id == decision.service_type_id
            and a.pk != besides
            and (zone is None or a.scheme.covers_whole_municipality or zone.pk in self.zones[a.pk])
        ]
        if not choices:
            return None
        return self.rng.choices(choices, weights=[self.weight[a.pk] for a in choices])[0]


def published_on() -> dict[int, datetime.date]:
    """The day each service got a published scheme in this municipality (the market phase has
    published them all before the recipients come)."""
    from tenants.schemes.models import Scheme, SchemeStatus

    return {
        service_type_id: timezone.localdate(at)
        for service_type_id, at in Scheme.objects.filter(status=SchemeStatus.PUBLISHED)
        .order_by("-published_at")
        .values_list("service_type_id", "published_at")
    }


def fill_recipients(
    planned: Planned, rng: random.Random, clock, until: datetime.datetime, progress: Progress
) -> int:
    """The municipality's recipients over the two years, in one transaction; returns how many."""
    from tenants.recipients import services as recipients
    from tenants.recipients.models import AccessRelation, ContactRelation, ServiceDecision
    from tenants.zones.models import Zone

    municipality = planned.municipality
    _, officer, case_worker = staff(municipality)
    start = history_start()
    span = (until - start).days
    services = {code: ServiceType.objects.get(code=code) for code, _ in SERVICE_MIX}
    people = _People(municipality, rng)
    timeline = Timeline(until)
    step = max(planned.recipients // 20, 1)
    with in_municipality(municipality), transaction.atomic():
        if ServiceDecision.objects.filter(external_reference__startswith=REFERENCE_PREFIX).exists():
            progress.step(municipality.name_norwegian, planned.recipients)
            return 0
        market = _Market(rng)
        free_choice_from = published_on()
        zones = list(Zone.objects.all())
        stories = []
        for i in range(planned.recipients):
            # A third were already receiving services when the history starts.
            offset = rng.randint(0, 25) if rng.random() < 0.33 else rng.randint(0, span - 1)
            day = _working_day((start + datetime.timedelta(days=offset)).date())
            code = rng.choices([c for c, _ in SERVICE_MIX], weights=[w for _, w in SERVICE_MIX])[0]
            stories.append((day, i, code))
        for day, i, code in sorted(stories):
            timeline.at(
                _at(day, hour=9 + i % 6, minute=i % 60),
                lambda i=i, code=code: _register(i, code),
            )
        # The nightly deadline sweep, weekly here: those who did not choose get the default rule.
        monday = start.date() + datetime.timedelta(days=(7 - start.weekday()) % 7)
        while _at(monday) <= until:
            timeline.at(
                _at(monday, hour=6), lambda d=monday: recipients.run_deadline_sweep(today=d)
            )
            monday += datetime.timedelta(days=7)
        done = [0]

        def _register(i: int, code: str) -> None:
            today = timezone.localdate()
            person = people.person()
            recipient = recipients.register_recipient(
                by=case_worker, zone=rng.choice(zones) if zones else None, **person
            )
            decision = recipients.create_decision(
                by=case_worker, recipient=recipient, service_type=services[code],
                extent=Decimal(rng.choice([2, 3, 4, 4, 6, 8, 10, 12])), valid_from=today,
                choice_days=14,
                external_reference=f"{REFERENCE_PREFIX}{municipality.kommunenummer}-{i:05d}",
            )  # fmt: skip
            done[0] += 1
            if done[0] % step == 0:
                progress.step(municipality.name_norwegian, step)
            opened = free_choice_from.get(services[code].pk)
            free_choice = opened is not None and opened <= today
            chooses = _at(today + datetime.timedelta(days=rng.randint(0, 10)), hour=14)
            if free_choice and rng.random() > 0.1:
                timeline.at(chooses, lambda: _first_choice(decision, person["fnr"]))
            elif not free_choice and rng.random() < 0.5:
                timeline.at(chooses, lambda: _choose(decision, None, case_worker, HOW_BY_PHONE))
            # else: the deadline sweep assigns by the default rule
            if rng.random() < 0.3:
                ends = today + datetime.timedelta(days=rng.randint(40, span))
                timeline.at(_at(_working_day(ends), hour=12), lambda: _end(decision))
            if rng.random() < 0.2:
                later = today + datetime.timedelta(days=rng.randint(45, 500))
                timeline.at(_at(_working_day(later), hour=11), lambda: _switch(decision))
            if rng.random() < 0.05:
                later = today + datetime.timedelta(days=rng.randint(20, 400))
                kind = rng.choice(["complaint", "deviation", "deviation"])
                timeline.at(_at(_working_day(later), hour=15), lambda: _case(decision, kind))
            if rng.random() < 0.005:
                later = today + datetime.timedelta(days=rng.randint(1, 20))
                timeline.at(_at(_working_day(later), hour=15), lambda: _annul(decision))

        def _first_choice(decision, fnr: str) -> None:
            decision.refresh_from_db()
            if decision.status != DecisionStatus.AWAITING_CHOICE:
                return
            approval = market.pick_for(decision)
            if rng.random() < 0.3:
                approval = None  # the municipality's own service, chosen
            who = rng.random()
            if who < 0.2:
                _online(decision, approval, fnr, proxy=False)
            elif who < 0.27:
                _online(decision, approval, fnr, proxy=True)
            else:
                _choose(decision, approval, case_worker, HOW_BY_PHONE)

        def _online(decision, approval, fnr: str, *, proxy: bool) -> None:
            recipient = decision.recipient
            n = f"{municipality.kommunenummer}.{recipient.pk}"
            if proxy:
                relative = people.person()
                recipients.add_contact(
                    by=case_worker, recipient=recipient, full_name=relative["full_name"],
                    relation=ContactRelation.PROXY, phone="900 00 000", fnr=relative["fnr"],
                )  # fmt: skip
                user, _ = User.objects.get_or_create(
                    email=f"fullmektig.{n}@demo.frittbrukervalg.no",
                    defaults={"full_name": relative["full_name"]},
                )
            else:
                user, _ = User.objects.get_or_create(
                    email=f"innbygger.{n}@demo.frittbrukervalg.no",
                    defaults={"full_name": recipient.full_name},
                )
            relation = AccessRelation.PROXY if proxy else AccessRelation.SELF
            login = recipients.grant_login(
                by=case_worker, recipient=recipient, user=user, relation=relation
            )
            recipients.confirm_online_access(user=user, login=login, fnr=fnr)
            _choose(decision, approval, user, "")

        def _choose(decision, approval, by, how) -> None:
            decision.refresh_from_db()
            if decision.status in CLOSED:
                return
            try:
                recipients.choose_provider(by=by, decision=decision, approval=approval, how=how)
            except DomainError as error:
                # Choosing the provider one has, or one that is full, is refused as for a user.
                if error.code not in ("same", "capacity"):
                    raise

        def _switch(decision) -> None:
            decision.refresh_from_db()
            if decision.status != DecisionStatus.SERVED:
                return
            from tenants.recipients import selectors

            current = selectors.current_assignment(decision, timezone.localdate())
            approval = market.pick_for(decision, besides=current.approval_id if current else None)
            if approval is None and (current is None or current.approval_id is None):
                return
            _choose(decision, approval, case_worker, "Brukeren ønsket å bytte")

        def _end(decision) -> None:
            decision.refresh_from_db()
            if decision.status in CLOSED:
                return
            recipients.end_decision(by=case_worker, decision=decision, ends_on=timezone.localdate())

        def _annul(decision) -> None:
            decision.refresh_from_db()
            if decision.status in CLOSED:
                return
            recipients.annul_decision(
                by=case_worker, decision=decision, reason="Vedtaket ble omgjort etter klage."
            )

        def _case(decision, kind: str) -> None:
            from tenants.recipients import selectors

            decision.refresh_from_db()
            current = selectors.current_assignment(decision, timezone.localdate())
            if current is None:
                return
            case = recipients.register_case(
                by=case_worker, kind=kind, received_on=timezone.localdate(),
                approval=current.approval, recipient=decision.recipient,
                description=(
                    "Brukeren klager på at besøkene kommer for sent."
                    if kind == "complaint"
                    else "Besøket ble ikke gjennomført som avtalt."
                ),
            )  # fmt: skip
            closes = timezone.localdate() + datetime.timedelta(days=rng.randint(10, 60))
            timeline.at(
                _at(_working_day(closes), hour=10),
                lambda: recipients.update_case(
                    by=case_worker,
                    case=case,
                    status="closed",
                    outcome=rng.choice(["Medhold", "Ikke medhold", "Rutine forbedret"]),
                ),  # fmt: skip
            )

        def _revoke_one() -> None:
            """An officer revokes the least used approval after repeated deviations; those it
            served get the municipal provider at once and are asked to choose again."""
            from tenants.applications import services as review
            from tenants.applications.models import Approval

            today = timezone.localdate()
            running = market.running(today)
            if len(running) < 3:
                return
            chosen = min(running, key=lambda a: (market.weight[a.pk], a.pk))
            review.revoke_approval(
                approval=Approval.objects.get(pk=chosen.pk), by=officer,
                reasons="Gjentatte alvorlige avvik i internkontrollen.",
            )  # fmt: skip
            market.stopped.add(chosen.pk)
            asked = ServiceDecision.objects.filter(
                status=DecisionStatus.AWAITING_CHOICE, assignments__approval_id=chosen.pk
            ).distinct()
            for decision in asked:
                later = _working_day(today + datetime.timedelta(days=rng.randint(1, 12)))
                timeline.at(_at(later, hour=13), lambda d=decision: _rechoose(d))

        def _rechoose(decision) -> None:
            decision.refresh_from_db()
            if decision.status != DecisionStatus.AWAITING_CHOICE:
                return
            _choose(decision, market.pick_for(decision), case_worker, HOW_BY_PHONE)

        if municipality.population >= 100_000:
            revoked_on = _working_day((start + relativedelta(months=MONTHS - 4, days=4)).date())
            timeline.at(_at(revoked_on, hour=8), _revoke_one)
        timeline.run(clock)
        progress.step(municipality.name_norwegian, planned.recipients - done[0] // step * step)
    return planned.recipients


# -- the whole run ----------------------------------------------------------------------------


def fill(
    numbers: list[str] | None = None,
    *,
    seed: int = 2024,
    report: Callable[[Progress, str], None] | None = None,
    per: int = INHABITANTS_PER_RECIPIENT,
    fewest: int = FEWEST_RECIPIENTS,
) -> Progress:
    """Provision and fill the municipalities (the demo's twenty unless given); idempotent. The
    benchmark fills all 357 with fewer recipients each (`per` inhabitants per recipient, at
    least `fewest`)."""
    from fritt.devtools.schema_clone import spares_for

    rng = random.Random(seed)
    wanted = list(
        Municipality.registry.filter(kommunenummer__in=numbers or HISTORY_MUNICIPALITIES).order_by(
            "population"
        )  # the small ones first: every county shows early
    )
    spares_for(wanted)
    for municipality in wanted:
        provision_municipality(municipality=municipality, activate=True)
    # Each municipality's plan is its own (seeded by its number), so that filling 10 and later
    # all 357 plans the 10 the same way both times.
    plans = [
        plan(
            Municipality.objects.get(pk=m.pk),
            random.Random(f"{seed}-plan-{m.kommunenummer}"),
            per=per,
            fewest=fewest,
        )
        for m in wanted
    ]
    progress = Progress(total=sum(p.recipients for p in plans) + 1, report=report)
    until = real_now()
    # Roles are read once, as within one request: nobody's roles change in the history.
    with past() as clock, roles_cached():
        # A municipality whose schemes are there has had its market (the demo's own are
        # published by the demo seed); one without planned schemes needs none.
        todo = [p for p in plans if not _market_done(p)]
        serial = itertools.count(4100)  # the made-up suppliers' organisation numbers
        # A county at a time (its suppliers apply only there), then the national chains: one
        # transaction for all 357 would hold more locks than PostgreSQL keeps by default.
        steps = [
            (build_market, [p for p in todo if p.municipality.county_id == county])
            for county in sorted({p.municipality.county_id for p in todo})
        ] + [(build_chains, todo)]
        for build, group in steps:
            progress.step("leverandørmarkedet", 0)
            with transaction.atomic():
                timeline = Timeline(until)
                build(group, rng, timeline, serial)
                timeline.run(clock)
        progress.step("leverandørmarkedet")
        for planned in plans:
            own = random.Random(f"{seed}-{planned.municipality.kommunenummer}")
            progress.made += fill_recipients(planned, own, clock, until, progress)
    return progress

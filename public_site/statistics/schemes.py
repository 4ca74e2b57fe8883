"""Schemes and their approved suppliers month by month, in every municipality where a scheme
counts: a joint scheme in its host and in each municipality taking part, with the host's
approvals. The host's services recount a scheme whenever it, an approval or a participation
moves, and the nightly reconciliation recounts every scheme, both with `scheme_deltas`."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from fritt.tenancy.schemas import current_municipality

from . import rollups
from .models import SchemeFact
from .projection import month_of

# Where a scheme counts (municipality, month) → its net changes {"live": n, "suppliers": n}.
SchemeDeltas = dict[tuple[int, datetime.date], dict[str, int]]
# (scheme id, municipality, month) → (service, live, suppliers), for one host.
Computed = dict[tuple[int, int, datetime.date], tuple[int, int, int]]

STARTS = {"approved", "reinstated"}
STOPS = {"suspended", "revoked", "ended"}


def scheme_deltas(
    *,
    host_id: int,
    published_on: datetime.date | None,
    ended_on: datetime.date | None,
    approval_events: list[tuple[datetime.date, int, str]],
    participations: list[tuple[int, datetime.date, datetime.date | None]],
) -> SchemeDeltas:
    """What one scheme adds, by municipality and month, as levels at each month's end.

    The scheme runs from the month it was published to the month it ended (as `schemes_live`
    counts it); its active approvals at a month's end are those whose last move by then
    (`approval_events`: (day, approval, action) in order) started them. It counts in its host
    while it runs, and in a participant (`participations`: (municipality, accepted on, leaves
    on), one for each period it took part) from the month of acceptance to the month the
    notice runs out."""
    if published_on is None:
        return {}
    start, end = month_of(published_on), month_of(ended_on) if ended_on else None
    spans = [(host_id, start, end)] + [
        (m, max(month_of(since), start), month_of(until) if until else None)
        for m, since, until in participations
    ]
    steps: dict[datetime.date, list[tuple[int, str]]] = defaultdict(list)
    for day, approval_id, action in approval_events:
        steps[month_of(day)].append((approval_id, action))
    changes = sorted(
        {start, *steps} | {m for _p, since, until in spans for m in (since, until) if m is not None}
    )
    active: set[int] = set()
    before: dict[int, tuple[int, int]] = {}
    out: SchemeDeltas = {}
    for month in changes:
        for approval_id, action in steps.get(month, ()):
            if action in STARTS:
                active.add(approval_id)
            elif action in STOPS:
                active.discard(approval_id)
        for m in dict.fromkeys(m for m, _since, _until in spans):
            counts = any(
                since <= month and (until is None or month < until)
                for place, since, until in spans
                if place == m
            )
            if end is not None and month >= end:
                counts = False  # nothing counts once the scheme has ended
            now = (1, len(active)) if counts else (0, 0)
            was = before.get(m, (0, 0))
            if now != was:
                cell = out.setdefault((m, month), {"live": 0, "suppliers": 0})
                cell["live"] += now[0] - was[0]
                cell["suppliers"] += now[1] - was[1]
            before[m] = now
    return {key: cell for key, cell in out.items() if cell["live"] or cell["suppliers"]}


def compute(scheme_ids: list[int] | None = None) -> Computed:
    """Every scheme of the current host (or only `scheme_ids`), from its own tables."""
    from tenants.applications.models import Approval, ApprovalEvent
    from tenants.applications.selectors import expired_unended
    from tenants.schemes.models import (
        JointParticipant,
        JointPeriod,
        JointStatus,
        Scheme,
        SchemeAction,
        SchemeHistory,
    )

    schemes = Scheme.objects.all()
    if scheme_ids is not None:
        schemes = schemes.filter(pk__in=scheme_ids)
    services = dict(schemes.values_list("pk", "service_type_id"))
    history: dict[int, dict[str, datetime.date]] = defaultdict(dict)
    # The publication and the end, oldest first: the first of each is kept.
    for scheme_id, action, at in (
        SchemeHistory.objects.filter(
            scheme__in=schemes, action__in=[SchemeAction.PUBLISHED, SchemeAction.ENDED]
        )
        .order_by("at", "pk")
        .values_list("scheme_id", "action", "at")
    ):
        history[scheme_id].setdefault(action, timezone.localdate(at))
    events: dict[int, list] = defaultdict(list)
    for scheme_id, at, approval_id, action in (
        ApprovalEvent.objects.filter(approval__scheme__in=schemes)
        .order_by("at", "pk")
        .values_list("approval__scheme_id", "at", "approval_id", "action")
    ):
        events[scheme_id].append((timezone.localdate(at), approval_id, action))
    # An approval past its `valid_until` has ended, whether or not the daily task has ended it.
    expired = expired_unended(today=timezone.localdate(), scheme_ids=list(services))
    for approval_id, scheme_id in Approval.objects.filter(pk__in=expired).values_list(
        "pk", "scheme_id"
    ):
        events[scheme_id].append((timezone.localdate(expired[approval_id]), approval_id, "ended"))
    # Taking part: accepted, until the notice runs out; a participant who left after taking
    # part keeps its notice date, one uninvited before answering never took part.
    taking_part = JointParticipant.objects.filter(scheme__in=schemes, responded_at__isnull=False)
    taking_part = taking_part.filter(
        Q(status=JointStatus.ACCEPTED) | Q(status=JointStatus.LEFT, leaves_on__isnull=False)
    )
    participations: dict[int, list] = defaultdict(list)
    for scheme_id, m, responded_at, leaves_on in taking_part.values_list(
        "scheme_id", "municipality_id", "responded_at", "leaves_on"
    ):
        participations[scheme_id].append((m, timezone.localdate(responded_at), leaves_on))
    # Earlier periods of a municipality that left and was invited again.
    for scheme_id, m, accepted_at, left_on in JointPeriod.objects.filter(
        scheme__in=schemes
    ).values_list("scheme_id", "municipality_id", "accepted_at", "left_on"):
        participations[scheme_id].append((m, timezone.localdate(accepted_at), left_on))
    host_id = current_municipality().pk
    out: Computed = {}
    for scheme_id, service in services.items():
        deltas = scheme_deltas(
            host_id=host_id,
            published_on=history[scheme_id].get(SchemeAction.PUBLISHED),
            ended_on=history[scheme_id].get(SchemeAction.ENDED),
            approval_events=events.get(scheme_id, []),
            participations=participations.get(scheme_id, []),
        )
        for (m, month), cell in deltas.items():
            out[(scheme_id, m, month)] = (service, cell["live"], cell["suppliers"])
    return out


def store(
    *, host, computed: Computed, scheme_ids: list[int] | None = None
) -> list[tuple[int, int, datetime.date, str, int, int]]:
    """Make the host's scheme facts (of `scheme_ids`, or all) equal `computed`; return what
    differed as (scheme, municipality, month, column, stored, computed)."""
    stored_qs = SchemeFact.objects.select_for_update().filter(host=host)
    if scheme_ids is not None:
        stored_qs = stored_qs.filter(scheme_id__in=scheme_ids)
    stored = {(f.scheme_id, f.municipality_id, f.month): f for f in stored_qs}
    differences = []
    new, changed_months, gone = [], [], []
    for key in set(stored) | set(computed):
        service, live, suppliers = computed.get(key, (None, 0, 0))
        fact = stored.get(key)
        if fact is None:
            new.append(
                SchemeFact(
                    host=host, scheme_id=key[0], municipality_id=key[1], month=key[2],
                    service_type_id=service, live=live, suppliers=suppliers,
                )
            )  # fmt: skip
            differences += [
                (*key, "scheme_live", 0, live),
                (*key, "scheme_suppliers", 0, suppliers),
            ]
            changed_months.append(key[2])
            continue
        if (fact.live, fact.suppliers) == (live, suppliers):
            continue
        if fact.live != live:
            differences.append((*key, "scheme_live", fact.live, live))
        if fact.suppliers != suppliers:
            differences.append((*key, "scheme_suppliers", fact.suppliers, suppliers))
        changed_months.append(key[2])
        if key in computed:
            fact.live, fact.suppliers = live, suppliers
            fact.save(update_fields=["live", "suppliers"])
        else:
            gone.append(fact.pk)
    if gone:
        SchemeFact.objects.filter(pk__in=gone).delete()
    SchemeFact.objects.bulk_create(new)
    if changed_months:
        rollups.invalidate(min(changed_months))
    return [d for d in differences if d[4] != d[5]]


def scheme_changed(*, scheme_id: int) -> None:
    """Recount one scheme of the current host after it, an approval or a participation moved
    (in the host's schema, in the transaction that moved it)."""
    store(host=current_municipality(), computed=compute([scheme_id]), scheme_ids=[scheme_id])

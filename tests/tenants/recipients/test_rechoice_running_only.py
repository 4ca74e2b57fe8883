"""A re-choice only touches decisions still running: an ended (even with its last day still
ahead) or annulled decision stays as it is, and is not counted as a re-choice."""

import datetime

from django.utils import timezone

from fritt.events.models import Event
from public_site.statistics.models import Fact
from tenants.applications.services import approvals
from tenants.recipients import selectors, services
from tenants.recipients.errors import RecipientError
from tenants.recipients.models import AssignmentReason, DecisionStatus, ProviderKind
from tenants.recipients.services.rechoice import RECHOICE_REQUESTED
from tests.factories import new_decision, new_recipient, refused

TODAY = timezone.localdate()
LAST_DAY = TODAY + datetime.timedelta(days=30)


def served_by(case_worker, world, approval, *, name):
    decision = new_decision(
        case_worker, new_recipient(case_worker, zone=world["arna"], name=name), world["service"]
    )
    services.choose_provider(by=case_worker, decision=decision, approval=approval, how="brev")
    return decision


def rechoices() -> int:
    return sum(Fact.objects.values_list("rechoices", flat=True))


def test_a_suspension_leaves_ended_and_annulled_decisions_alone(world, case_worker, officer):
    running = served_by(case_worker, world, world["a"], name="Rita Running")
    ending = served_by(case_worker, world, world["a"], name="Eli Ending")
    services.end_decision(by=case_worker, decision=ending, ends_on=LAST_DAY)
    annulled = new_decision(
        case_worker, new_recipient(case_worker, zone=world["arna"], name="Anna Annul"),
        world["service"],
    )  # fmt: skip
    services.choose_provider(by=case_worker, decision=annulled, approval=world["a"], how="brev")
    services.annul_decision(by=case_worker, decision=annulled, reason="Feil")

    approvals.suspend_approval(approval=world["a"], by=officer, reasons="Tilsyn")

    for decision in (running, ending, annulled):
        decision.refresh_from_db()
    assert running.status == DecisionStatus.AWAITING_CHOICE
    assert ending.status == DecisionStatus.ENDED
    assert annulled.status == DecisionStatus.ANNULLED
    asked = Event.objects.filter(action=RECHOICE_REQUESTED).values_list("subject_id", flat=True)
    assert list(asked) == [str(running.pk)]
    assert rechoices() == 1
    # The ended decision keeps its provider to its last day.
    assert selectors.current_assignment(ending).approval == world["a"]
    assert selectors.current_assignment(ending).ends_on == LAST_DAY


def test_a_revocation_moves_an_ending_decision_to_the_municipality_but_keeps_it_ended(
    world, case_worker, officer
):
    ending = served_by(case_worker, world, world["a"], name="Eli Ending")
    services.end_decision(by=case_worker, decision=ending, ends_on=LAST_DAY)

    approvals.revoke_approval(approval=world["a"], by=officer, reasons="Alvorlige avvik")

    ending.refresh_from_db()
    assert ending.status == DecisionStatus.ENDED
    assert not Event.objects.filter(action=RECHOICE_REQUESTED).exists()
    assert rechoices() == 0
    # A revoked supplier serves nobody: the municipality does, until the decision ends.
    current = selectors.current_assignment(ending)
    assert (current.provider_kind, current.reason, current.ends_on) == (
        ProviderKind.MUNICIPAL, AssignmentReason.REVOKED_FALLBACK, LAST_DAY,
    )  # fmt: skip
    assert not ending.assignments.filter(ends_on__isnull=True).exists()


def test_a_decision_past_its_last_day_is_not_asked_again(world, case_worker, officer):
    over = served_by(case_worker, world, world["a"], name="Odd Over")
    type(over).objects.filter(pk=over.pk).update(valid_to=TODAY - datetime.timedelta(days=1))

    approvals.suspend_approval(approval=world["a"], by=officer, reasons="Tilsyn")

    over.refresh_from_db()
    assert over.status == DecisionStatus.SERVED
    assert rechoices() == 0


def test_cancelling_a_switch_never_runs_past_an_ended_decision(world, case_worker):
    decision = served_by(case_worker, world, world["a"], name="Sander Switch")
    services.choose_provider(by=case_worker, decision=decision, approval=world["b"], how="brev")
    services.end_decision(by=case_worker, decision=decision, ends_on=LAST_DAY)

    kept = services.cancel_switch(by=case_worker, decision=decision)

    assert kept.approval == world["a"]
    assert kept.ends_on == LAST_DAY
    assert not decision.assignments.filter(ends_on__isnull=True).exists()


def test_cancelling_a_switch_under_an_annulled_decision_is_refused(world, case_worker):
    decision = served_by(case_worker, world, world["a"], name="Sander Switch")
    services.choose_provider(by=case_worker, decision=decision, approval=world["b"], how="brev")
    stale = type(decision).objects.get(pk=decision.pk)
    services.annul_decision(by=case_worker, decision=decision, reason="Feil")
    with refused(RecipientError.ANNULLED):
        services.cancel_switch(by=case_worker, decision=stale)

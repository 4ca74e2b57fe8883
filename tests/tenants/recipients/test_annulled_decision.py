"""An annulled decision gets no provider: not by a choice, not by the default rule, not by
the deadline sweep, even when the decision in hand was read before it was annulled."""

import datetime

from django.utils import timezone

from fritt.events.models import Event
from tenants.recipients import selectors, services
from tenants.recipients.errors import RecipientError
from tenants.recipients.models import Assignment, DecisionStatus
from tests.factories import new_decision, new_recipient, refused

TODAY = timezone.localdate()
AFTER_DEADLINE = TODAY + datetime.timedelta(days=15)


def annulled(case_worker, world, *, name="Astrid Annullert"):
    recipient = new_recipient(case_worker, zone=world["arna"], name=name)
    decision = new_decision(case_worker, recipient, world["service"])
    stale = type(decision).objects.get(pk=decision.pk)  # read before the annulment
    services.annul_decision(by=case_worker, decision=decision, reason="Registrert ved en feil.")
    return stale


def test_choosing_under_an_annulled_decision_is_refused(world, case_worker):
    stale = annulled(case_worker, world)
    assert stale.status == DecisionStatus.AWAITING_CHOICE
    for approval in (world["a"], None):
        with refused(RecipientError.ANNULLED):
            services.choose_provider(by=case_worker, decision=stale, approval=approval, how="x")
    assert not Assignment.objects.filter(decision=stale).exists()
    assert not Event.objects.filter(action="provider.chosen", subject_id=str(stale.pk)).exists()


def test_an_ended_decision_is_still_refused_as_ended(world, case_worker):
    recipient = new_recipient(case_worker, zone=world["arna"])
    decision = new_decision(case_worker, recipient, world["service"])
    services.end_decision(by=case_worker, decision=decision, ends_on=TODAY)
    with refused(RecipientError.ENDED):
        services.choose_provider(by=case_worker, decision=decision, approval=None, how="x")


def test_the_default_rule_and_the_sweep_never_assign_an_annulled_decision(world, case_worker):
    stale = annulled(case_worker, world)
    with refused(RecipientError.ANNULLED):
        services.apply_default_rule(decision=stale, today=AFTER_DEADLINE)
    waiting = new_decision(
        case_worker, new_recipient(case_worker, zone=world["arna"]), world["service"]
    )
    assert services.run_deadline_sweep(today=AFTER_DEADLINE) == 1
    assert selectors.current_assignment(waiting, AFTER_DEADLINE) is not None
    assert not Assignment.objects.filter(decision=stale).exists()
    stale.refresh_from_db()
    assert stale.status == DecisionStatus.ANNULLED

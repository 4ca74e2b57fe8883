"""Decisions, choices, switching with notice, the default rule and re-choice on revocation."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from fritt.accounts.roles import Role
from tenants.applications import services as approvals
from tenants.recipients import selectors, services
from tenants.recipients.errors import RecipientError
from tenants.recipients.models import (
    AccessLogEntry,
    AccessRelation,
    AssignmentReason,
    DecisionStatus,
)
from tests.factories import grant_confirmed, make_user, new_decision, new_recipient, refused

TODAY = timezone.localdate()
LATER = TODAY + datetime.timedelta(days=15)


def test_a_decision_gives_a_deadline_and_no_provider(world, case_worker):
    recipient = new_recipient(case_worker, zone=world["arna"])
    decision = new_decision(case_worker, recipient, world["service"])
    assert decision.status == DecisionStatus.AWAITING_CHOICE
    assert decision.choice_deadline == TODAY + datetime.timedelta(days=14)
    assert decision.scheme == world["scheme"]
    assert selectors.current_assignment(decision) is None
    with refused(RecipientError.EXTENT):
        new_decision(case_worker, recipient, world["service"], extent=Decimal(0))


def test_case_worker_records_a_choice_stating_how_it_was_expressed(world, case_worker):
    recipient = new_recipient(case_worker, zone=world["arna"])
    decision = new_decision(case_worker, recipient, world["service"])
    with refused(RecipientError.HOW):
        services.choose_provider(by=case_worker, decision=decision, approval=world["a"])
    assignment = services.choose_provider(
        by=case_worker, decision=decision, approval=world["a"], how="På telefon 20. november"
    )
    assert (assignment.reason, assignment.reason_detail) == (
        AssignmentReason.CASE_WORKER, "På telefon 20. november",
    )  # fmt: skip
    assert assignment.starts_on == TODAY
    assert selectors.current_assignment(decision) == assignment


def test_refusals_when_choosing(world, case_worker, officer, bergen):
    fana_resident = new_recipient(case_worker, zone=world["fana"])
    decision = new_decision(case_worker, fana_resident, world["service"])
    with refused(RecipientError.ZONE):
        services.choose_provider(by=case_worker, decision=decision, approval=world["b"], how="x")
    with pytest.raises(PermissionDenied):
        services.choose_provider(by=officer, decision=decision, approval=world["a"])
    stranger = make_user()
    with pytest.raises(PermissionDenied):
        services.choose_provider(by=stranger, decision=decision, approval=None)
    world["a"].status = "suspended"
    world["a"].save()
    with refused(RecipientError.APPROVAL):
        services.choose_provider(by=case_worker, decision=decision, approval=world["a"], how="x")
    for _ in range(2):
        other = new_decision(case_worker, new_recipient(case_worker, name="X"), world["service"])
        services.choose_provider(by=case_worker, decision=other, approval=world["c"], how="brev")
    with refused(RecipientError.CAPACITY):
        services.choose_provider(by=case_worker, decision=decision, approval=world["c"], how="x")


def test_recipient_and_proxy_choose_online_and_switch_after_notice(world, case_worker):
    recipient = new_recipient(case_worker, zone=world["arna"])
    decision = new_decision(case_worker, recipient, world["service"])
    citizen = make_user()
    grant_confirmed(case_worker, recipient, citizen, AccessRelation.SELF)
    first = services.choose_provider(by=citizen, decision=decision, approval=world["a"])
    assert first.reason == AssignmentReason.RECIPIENT
    with refused(RecipientError.SAME):
        services.choose_provider(by=citizen, decision=decision, approval=world["a"])

    services.add_contact(by=case_worker, recipient=recipient, full_name="Per Proxy",
                         relation="proxy")  # fmt: skip
    proxy = make_user()
    grant_confirmed(case_worker, recipient, proxy, AccessRelation.PROXY)
    switched = services.choose_provider(by=proxy, decision=decision, approval=world["b"])
    notice = world["scheme"].switching_notice_days
    assert switched.reason == AssignmentReason.PROXY
    assert switched.starts_on == TODAY + datetime.timedelta(days=notice)
    first.refresh_from_db()
    assert first.ends_on == switched.starts_on
    # Until the switch date the old provider serves; from it the new one. Exactly one at a time.
    assert selectors.current_assignment(decision) == first
    assert selectors.current_assignment(decision, switched.starts_on) == switched
    assert decision.assignments.count() == 2  # history kept


def test_default_rule_municipal(world, case_worker, officer, bergen):
    from tenants.schemes import services as scheme_services

    scheme_services.update_scheme(
        scheme=world["scheme"], by=officer, default_provider_rule="municipal"
    )
    decision = new_decision(case_worker, new_recipient(case_worker), world["service"])
    assert services.run_deadline_sweep(today=decision.choice_deadline) == 0  # not yet overdue
    assert services.run_deadline_sweep(today=decision.choice_deadline + datetime.timedelta(1)) == 1
    assignment = decision.assignments.get()
    assert (assignment.provider_kind, assignment.reason) == (
        "municipal", AssignmentReason.DEFAULT_MUNICIPAL,
    )  # fmt: skip
    assert "kommunal egenregi" in assignment.reason_detail


def test_rotation_is_fair_and_skips_full_suppliers_and_other_zones(world, case_worker):
    # Fana: Beta serves only Arna; Gamma has a cap of 2. Alfa and Gamma share until Gamma is full.
    decisions = [
        new_decision(
            case_worker,
            new_recipient(case_worker, zone=world["fana"], name=f"F{i}"),
            world["service"],
        )  # fmt: skip
        for i in range(6)
    ]
    day = decisions[0].choice_deadline + datetime.timedelta(days=1)
    assert services.run_deadline_sweep(today=day) == 6
    chosen = [selectors.current_assignment(d, day).approval.supplier.name for d in decisions]
    assert chosen.count("Gamma Assistanse AS") == 2
    assert chosen.count("Alfa Omsorg AS") == 4
    assert "Beta Hjemmehjelp AS" not in chosen
    last = selectors.current_assignment(decisions[-1], day)
    assert last.reason == AssignmentReason.DEFAULT_ROTATION
    assert "hoppet over" in last.reason_detail and "Gamma" in last.reason_detail


def test_rotation_over_many_assignments_is_even(world, case_worker):
    world["c"].capacity_cap = None
    world["c"].save()
    decisions = [
        new_decision(
            case_worker,
            new_recipient(case_worker, zone=world["arna"], name=f"A{i}"),
            world["service"],
        )  # fmt: skip
        for i in range(30)
    ]
    day = decisions[0].choice_deadline + datetime.timedelta(days=1)
    services.run_deadline_sweep(today=day)
    names = [selectors.current_assignment(d, day).approval.supplier.name for d in decisions]
    assert {n: names.count(n) for n in set(names)} == {
        "Alfa Omsorg AS": 10, "Beta Hjemmehjelp AS": 10, "Gamma Assistanse AS": 10,
    }  # fmt: skip


def test_no_eligible_supplier_falls_back_to_the_municipal_provider(world, case_worker):
    for key in ("a", "c"):
        world[key].takes_new_recipients = False
        world[key].save()
    decision = new_decision(case_worker, new_recipient(case_worker, zone=world["fana"]),
                            world["service"])  # fmt: skip
    services.run_deadline_sweep(today=decision.choice_deadline + datetime.timedelta(days=1))
    assignment = decision.assignments.get()
    assert assignment.provider_kind == "municipal"
    assert "ingen godkjent leverandør" in assignment.reason_detail


def test_suspension_asks_for_a_new_choice_and_keeps_the_provider(world, case_worker, officer):
    decision = new_decision(case_worker, new_recipient(case_worker, zone=world["arna"]),
                            world["service"])  # fmt: skip
    served = services.choose_provider(by=case_worker, decision=decision, approval=world["a"],
                                      how="brev")  # fmt: skip
    approvals.suspend_approval(approval=world["a"], by=officer, reasons="Tilsyn")
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.AWAITING_CHOICE
    assert decision.choice_deadline == TODAY + datetime.timedelta(days=14)
    assert selectors.current_assignment(decision) == served
    # When the new deadline passes without a choice, the recipient keeps the provider.
    assert services.run_deadline_sweep(today=decision.choice_deadline + datetime.timedelta(1)) == 0
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SERVED


def test_revocation_moves_recipients_to_the_municipal_provider_until_they_choose(
    world, case_worker, officer
):
    decision = new_decision(case_worker, new_recipient(case_worker, zone=world["arna"]),
                            world["service"])  # fmt: skip
    services.choose_provider(by=case_worker, decision=decision, approval=world["a"], how="brev")
    approvals.revoke_approval(approval=world["a"], by=officer, reasons="Alvorlige avvik")
    decision.refresh_from_db()
    current = selectors.current_assignment(decision)
    assert decision.status == DecisionStatus.AWAITING_CHOICE
    assert (current.provider_kind, current.reason) == (
        "municipal", AssignmentReason.REVOKED_FALLBACK,
    )  # fmt: skip
    assert decision.assignments.count() == 2
    services.choose_provider(by=case_worker, decision=decision, approval=world["b"], how="møte")
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SERVED


def test_case_worker_of_another_municipality_is_refused(world, trondheim):
    stranger = make_user(Role.CASE_WORKER, municipality=trondheim)
    with pytest.raises(PermissionDenied):
        new_recipient(stranger)


def test_every_change_is_in_the_access_log(world, case_worker):
    recipient = new_recipient(case_worker)
    decision = new_decision(case_worker, recipient, world["service"])
    services.choose_provider(by=case_worker, decision=decision, approval=None, how="møte")
    entries = list(AccessLogEntry.objects.filter(recipient=recipient).order_by("pk"))
    assert [(e.action, e.role) for e in entries] == [
        ("create", "case_worker"), ("create", "case_worker"), ("choose", "case_worker"),
    ]  # fmt: skip


def test_complaints_and_deviations_per_supplier(world, case_worker):
    recipient = new_recipient(case_worker)
    case = services.register_case(
        by=case_worker, kind="complaint", description="Kom ikke til avtalt tid.",
        received_on=TODAY, approval=world["a"], recipient=recipient,
    )  # fmt: skip
    services.register_case(by=case_worker, kind="deviation", description="Feil medisin.",
                           received_on=TODAY, approval=world["b"])  # fmt: skip
    assert list(selectors.cases(supplier_id=world["a"].supplier_id)) == [case]
    with refused(RecipientError.OUTCOME):
        services.update_case(by=case_worker, case=case, status="closed")
    services.update_case(
        by=case_worker, case=case, status="closed", outcome="Beklaget, rutine endret."
    )
    assert selectors.cases(status="closed").get() == case


def test_the_periodic_sweep_enters_every_municipality(world, case_worker):
    from tenants.recipients.models import ServiceDecision
    from tenants.recipients.tasks import sweep_choice_deadlines

    decision = new_decision(case_worker, new_recipient(case_worker, zone=world["arna"]),
                            world["service"], choice_days=-1)  # fmt: skip
    result = sweep_choice_deadlines()
    assert result["k4601"] == 1 and result["k5001"] == 0
    assert ServiceDecision.objects.get(pk=decision.pk).status == DecisionStatus.SERVED

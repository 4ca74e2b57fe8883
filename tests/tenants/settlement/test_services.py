"""Reporting and settling through the services: the rules, all-or-nothing, flags, locking,
corrections, and who may report on what."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django_tenants.utils import tenant_context

from fritt.events.models import Event
from tenants.settlement import selectors, services
from tenants.settlement.models import DeliveryLine, LinePart, ReportMonth, ReportStatus

from .conftest import TODAY

D, T = dt.date, dt.time


def line(assignment, day, start, end, number=1):
    return services.LineInput(assignment.pk, day, T(*start), T(*end), "Rengjøring", number)


def report(user, *lines, source="web"):
    return services.report_lines(by=user, lines=list(lines), source=source, today=TODAY)


def refused(user, *lines):
    with pytest.raises(services.ReportRefused) as caught:
        report(user, *lines)
    return [(p.number, p.code) for p in caught.value.problems]


def test_a_reported_line_is_split_and_priced_and_recorded(bergen, month_world):
    w = month_world
    with tenant_context(bergen):
        [saved] = report(w["alfa_user"], line(w["a1"], D(2026, 11, 20), (16, 0), (18, 0)))
        parts = list(saved.parts.order_by("pk").values_list("band", "minutes", "rate", "amount"))
        # Friday 20 Nov: day until 17:00 at 512, evening from 17:00 at the new 640.
        assert parts == [
            ("day", 60, Decimal("512.00"), Decimal("512.00")),
            ("evening", 60, Decimal("640.00"), Decimal("640.00")),
        ]
        assert saved.amount == Decimal("1152.00")
        assert saved.report.month == D(2026, 11, 1)
        assert saved.report.supplier_id == w["alfa"].supplier_id
        assert Event.objects.filter(action="settlement.lines_reported").exists()


def test_the_evening_rate_before_its_valid_from_falls_back_to_the_all_day_rate(bergen, month_world):
    w = month_world
    with tenant_context(bergen):
        [saved] = report(w["alfa_user"], line(w["a1"], D(2026, 11, 13), (17, 0), (18, 0)))
        assert saved.amount == Decimal("512.00")


def test_overlapping_lines_for_one_recipient_are_refused(bergen, month_world):
    w = month_world
    with tenant_context(bergen):
        report(w["alfa_user"], line(w["a1"], D(2026, 11, 2), (8, 0), (10, 0)))
        assert refused(w["alfa_user"], line(w["a1"], D(2026, 11, 2), (9, 30), (11, 0))) == [
            (1, "overlap")
        ]
        # Within one batch as well, and across midnight.
        assert refused(
            w["alfa_user"],
            line(w["a1"], D(2026, 11, 3), (22, 0), (2, 0), 1),
            line(w["a1"], D(2026, 11, 4), (1, 0), (3, 0), 2),
        ) == [(2, "overlap")]
        # Back to back is fine; another recipient at the same time is fine.
        report(
            w["alfa_user"], line(w["a1"], D(2026, 11, 2), (10, 0), (11, 0)),
            line(w["a2"], D(2026, 11, 2), (8, 0), (10, 0)),
        )  # fmt: skip


def test_lines_outside_the_assignment_or_decision_or_in_the_future_are_refused(bergen, month_world):
    w = month_world
    with tenant_context(bergen):
        problems = refused(
            w["alfa_user"],
            line(w["a1"], D(2026, 9, 30), (8, 0), (9, 0), 1),
            line(w["a1"], D(2026, 12, 1), (8, 0), (9, 0), 2),
            line(w["a1"], D(2026, 11, 5), (8, 0), (9, 0), 3),
        )
        assert problems == [(1, "outside_assignment"), (2, "future")]
        assert not DeliveryLine.objects.exists()  # line 3 was fine, but nothing is kept


def test_a_supplier_cannot_report_on_another_suppliers_assignment(bergen, month_world):
    w = month_world
    with tenant_context(bergen):
        assert refused(w["beta_user"], line(w["a1"], D(2026, 11, 5), (8, 0), (9, 0))) == [
            (1, "not_your_assignment")
        ]
        assert refused(w["beta_user"], services.LineInput(999999, D(2026, 11, 5), T(8), T(9))) == [
            (1, "not_your_assignment")
        ]


def test_over_the_decisions_extent_is_flagged_not_refused(bergen, month_world):
    w = month_world
    with tenant_context(bergen):
        # a2 has 1 hour a week: 30 days of November allow 4.29 hours.
        report(
            w["alfa_user"], line(w["a2"], D(2026, 11, 2), (8, 0), (11, 0), 1),
            line(w["a2"], D(2026, 11, 9), (8, 0), (10, 0), 2),
            line(w["a1"], D(2026, 11, 9), (8, 0), (10, 0), 3),
        )  # fmt: skip
        month = ReportMonth.objects.get()
        summary = selectors.month_summary(month)
        flags = {row.recipient.full_name: row.over_extent for row in summary.rows}
        assert flags == {"Arne Alfakunde": True, "Astrid Alfakunde": False}
        assert summary.flags == 1
        assert DeliveryLine.objects.count() == 3


def test_approving_locks_the_month_and_corrections_are_new_lines(bergen, month_world, officer):
    w = month_world
    with tenant_context(bergen):
        [first] = report(w["alfa_user"], line(w["a1"], D(2026, 11, 2), (8, 0), (10, 0)))
        month = first.report
        services.ask_about_line(by=officer, line=first, question="Stemmer sluttiden?")
        month.refresh_from_db()
        assert month.status == ReportStatus.QUERIED
        services.submit_month(by=w["alfa_user"], report=month)
        services.approve_month(by=officer, report=month)
        month.refresh_from_db()
        assert month.locked
        assert Event.objects.filter(action="settlement.month_approved").exists()
        assert refused(w["alfa_user"], line(w["a1"], D(2026, 11, 3), (8, 0), (9, 0))) == [
            (1, "month_locked")
        ]
        with pytest.raises(Exception) as caught:
            services.delete_line(by=w["alfa_user"], line=first)
        assert caught.value.code == "month_locked"

        made = services.correct_line(
            by=officer, line=first,
            replacement=services.LineInput(w["a1"].pk, D(2026, 11, 2), T(8), T(9, 30)),
            today=TODAY,
        )  # fmt: skip
        first.refresh_from_db()
        assert (first.minutes, first.amount) == (120, Decimal("1024.00"))  # never edited
        assert [(m.kind, m.minutes, m.amount) for m in made] == [
            ("reversal", -120, Decimal("-1024.00")),
            ("correction", 90, Decimal("768.00")),
        ]
        summary = selectors.month_summary(month)
        assert summary.total_amount == Decimal("768.00")
        with pytest.raises(Exception) as again:
            services.correct_line(by=officer, line=first)
        assert again.value.code == "already_corrected"


def test_only_officers_approve(bergen, month_world, case_worker):
    w = month_world
    with tenant_context(bergen):
        [first] = report(w["alfa_user"], line(w["a1"], D(2026, 11, 2), (8, 0), (10, 0)))
        for user in (w["alfa_user"], case_worker):
            with pytest.raises(PermissionDenied) as caught:
                services.approve_month(by=user, report=first.report)
            assert caught.value.code == "not_officer"


def test_statement_totals_equal_the_sum_of_the_priced_lines_to_the_ore(bergen, month_world):
    from tenants.settlement import statements

    w = month_world
    with tenant_context(bergen):
        # Odd minutes, so each part rounds: 512 × 7/60 = 59.733…, 640 × 13/60 = 138.666…
        lines = [line(w["a1"], D(2026, 11, d), (16, 53), (17, 13), d) for d in range(16, 28)] + [
            line(w["a2"], D(2026, 11, d), (21, 47), (22, 11), 100 + d) for d in range(16, 28)
        ]
        report(w["alfa_user"], *lines)
        month = ReportMonth.objects.get()
        statement = statements.build(month, "Alfa Omsorg AS")
        part_sum = sum(LinePart.objects.values_list("amount", flat=True), Decimal("0.00"))
        assert statement.total == part_sum
        assert sum(a for _q, a in statement.by_band.values()) == statement.total
        assert selectors.month_summary(month).total_amount == statement.total
        total_text = f"{statement.total:.2f}".replace(".", ",")
        assert statements.as_csv(statement).rstrip().endswith(total_text)
        assert statements.as_pdf(statement).startswith(b"%PDF")


def test_the_municipal_provider_reports_the_same_way_without_money(
    bergen, month_world, case_worker
):
    from public_site.catalogue.models import ServiceType
    from tenants.recipients import services as recipient_services
    from tests.factories import new_decision, new_recipient

    w = month_world
    with tenant_context(bergen):
        recipient = new_recipient(case_worker, name="Kari Kommunal")
        decision = new_decision(
            case_worker, recipient, ServiceType.objects.get(code="praktisk-bistand"),
            valid_from=D(2026, 10, 1),
        )  # fmt: skip
        own = recipient_services.choose_provider(
            by=case_worker, decision=decision, approval=None, how="Telefon", today=D(2026, 10, 1)
        )
        [saved] = report(case_worker, line(own, D(2026, 11, 3), (8, 0), (10, 0)))
        assert (saved.report.provider_kind, saved.report.supplier_id) == ("municipal", None)
        assert (saved.minutes, saved.amount) == (120, Decimal("0.00"))
        # A supplier may not report on the municipal provider's assignment.
        assert refused(w["alfa_user"], line(own, D(2026, 11, 4), (8, 0), (9, 0))) == [
            (1, "not_your_assignment")
        ]


def test_a_scheme_with_its_own_band_limits_splits_and_prices_by_them(bergen, month_world, officer):
    from tenants.schemes import services as scheme_services
    from tenants.schemes.errors import SchemeError
    from tests.factories import refused as refused_with
    from tests.factories import site_client

    w = month_world
    with tenant_context(bergen):
        scheme = w["scheme"]
        assert (scheme.day_starts, scheme.evening_starts, scheme.night_starts) == (
            T(7), T(17), T(22),
        )  # fmt: skip
        with refused_with(SchemeError.BAND_LIMITS):
            scheme_services.update_scheme(scheme=scheme, by=officer, evening_starts=T(6))
        scheme.refresh_from_db()
        scheme_services.update_scheme(
            scheme=scheme, by=officer, day_starts=T(8), evening_starts=T(18), night_starts=T(23)
        )
        assert "Tidsrom for dag, kveld og natt" in scheme.history.latest("pk").changed_fields
        day, late = report(
            w["alfa_user"],
            line(w["a1"], D(2026, 11, 20), (16, 0), (18, 0), 1),
            line(w["a1"], D(2026, 11, 20), (22, 0), (23, 30), 2),
        )
        # 16–18 is all day time now; 22–23:30 is an hour of evening and half an hour of night.
        assert list(day.parts.values_list("band", "minutes", "amount")) == [
            ("day", 120, Decimal("1024.00"))
        ]
        assert list(late.parts.order_by("pk").values_list("band", "minutes", "amount")) == [
            ("evening", 60, Decimal("640.00")),
            ("night", 30, Decimal("256.00")),
        ]
    page = site_client("bergen", officer).get(f"/ansatt/ordninger/{scheme.pk}/")
    assert "dag 08:00–18:00, kveld 18:00–23:00, natt 23:00–08:00" in page.text

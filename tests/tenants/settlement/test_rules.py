"""The pure rules: band splitting across midnight, weekends, DST and moveable holidays, and
prices at the rate valid on each day."""

import datetime as dt
from decimal import Decimal

from tenants.settlement import rules
from tenants.settlement.models import Band

D = dt.date


def split(day, start, end):
    return [
        (s.band, s.on_date, s.minutes)
        for s in rules.split(*rules.line_bounds(day, dt.time(*start), dt.time(*end)))
    ]


def test_a_weekday_evening_shift_across_midnight_splits_into_evening_and_night_on_two_days():
    assert split(D(2026, 11, 24), (21, 0), (2, 0)) == [
        (Band.EVENING, D(2026, 11, 24), 60),
        (Band.NIGHT, D(2026, 11, 24), 120),
        (Band.NIGHT, D(2026, 11, 25), 120),
    ]


def test_a_day_visit_crossing_into_the_evening():
    assert split(D(2026, 11, 24), (16, 30), (17, 15)) == [
        (Band.DAY, D(2026, 11, 24), 30),
        (Band.EVENING, D(2026, 11, 24), 15),
    ]


def test_friday_night_into_saturday_is_weekend_after_midnight():
    assert split(D(2026, 11, 27), (22, 0), (6, 0)) == [
        (Band.NIGHT, D(2026, 11, 27), 120),
        (Band.WEEKEND, D(2026, 11, 28), 360),
    ]


def test_sunday_into_monday_morning():
    assert split(D(2026, 11, 29), (23, 0), (8, 0)) == [
        (Band.WEEKEND, D(2026, 11, 29), 60),
        (Band.NIGHT, D(2026, 11, 30), 420),
        (Band.DAY, D(2026, 11, 30), 60),
    ]


def test_moveable_holidays_follow_easter():
    # Ascension Day is a Thursday 39 days after Easter: 14 May in 2026, 6 May in 2027.
    assert split(D(2026, 5, 14), (10, 0), (12, 0)) == [(Band.HOLIDAY, D(2026, 5, 14), 120)]
    assert split(D(2027, 5, 6), (10, 0), (12, 0)) == [(Band.HOLIDAY, D(2027, 5, 6), 120)]
    assert split(D(2027, 5, 13), (10, 0), (12, 0)) == [(Band.DAY, D(2027, 5, 13), 120)]
    # Easter Monday 2026 is 6 April; the same date in 2027 is an ordinary Tuesday.
    assert rules.is_public_holiday(D(2026, 4, 6))
    assert not rules.is_public_holiday(D(2027, 4, 6))
    assert rules.is_public_holiday(D(2027, 3, 29))


def test_the_eve_of_a_holiday_turns_into_the_holiday_at_midnight():
    # Christmas Eve is a working day; Christmas Day is a public holiday from midnight.
    assert split(D(2026, 12, 24), (20, 0), (1, 0)) == [
        (Band.EVENING, D(2026, 12, 24), 120),
        (Band.NIGHT, D(2026, 12, 24), 120),
        (Band.HOLIDAY, D(2026, 12, 25), 60),
    ]


def test_a_night_shift_is_paid_for_the_hours_worked_when_the_clocks_change():
    # Summer time starts 29 March 2026 at 02:00: the night has an hour less.
    assert sum(m for _b, _d, m in split(D(2026, 3, 28), (22, 0), (6, 0))) == 7 * 60
    # Winter time: 25 October 2026 has an hour more.
    assert sum(m for _b, _d, m in split(D(2026, 10, 24), (22, 0), (6, 0))) == 9 * 60


def test_an_end_equal_to_the_start_is_a_whole_day():
    assert sum(m for _b, _d, m in split(D(2026, 11, 24), (8, 0), (8, 0))) == 24 * 60


def rates(*rows):
    return rules.RateTable(rules.RateRow(*row) for row in rows)


def test_each_band_is_priced_at_its_own_rate_or_the_all_day_rate():
    table = rates(
        ("hour", "all", Decimal("500.00"), D(2026, 1, 1)),
        ("hour", "evening", Decimal("600.00"), D(2026, 1, 1)),
        ("hour", "weekend", Decimal("700.00"), D(2026, 1, 1)),
    )
    parts = table.price(rules.split(*rules.line_bounds(D(2026, 11, 27), dt.time(16), dt.time(23))))
    assert [(p.band, p.rate, p.amount) for p in parts] == [
        (Band.DAY, Decimal("500.00"), Decimal("500.00")),
        (Band.EVENING, Decimal("600.00"), Decimal("3000.00")),
        (Band.NIGHT, Decimal("500.00"), Decimal("500.00")),
    ]
    holiday = table.price(rules.split(*rules.line_bounds(D(2026, 5, 14), dt.time(8), dt.time(9))))
    assert [(p.band, p.rate) for p in holiday] == [(Band.HOLIDAY, Decimal("700.00"))]


def test_a_rate_change_in_the_middle_of_the_month_applies_from_its_day():
    table = rates(
        ("hour", "all", Decimal("512.00"), D(2026, 1, 1)),
        ("hour", "all", Decimal("530.50"), D(2026, 11, 16)),
    )

    def price(day):
        return table.price(rules.split(*rules.line_bounds(day, dt.time(8), dt.time(9, 20))))

    assert [(p.rate, p.amount) for p in price(D(2026, 11, 13))] == [
        (Decimal("512.00"), Decimal("682.67"))
    ]
    assert [(p.rate, p.amount) for p in price(D(2026, 11, 16))] == [
        (Decimal("530.50"), Decimal("707.33"))
    ]
    # A shift over the change's midnight: each day at its own rate.
    night = table.price(rules.split(*rules.line_bounds(D(2026, 11, 15), dt.time(22), dt.time(2))))
    assert [(p.on_date, p.rate) for p in night] == [
        (D(2026, 11, 15), Decimal("512.00")),
        (D(2026, 11, 16), Decimal("530.50")),
    ]


def test_no_rate_valid_on_the_day_prices_nothing():
    table = rates(("hour", "all", Decimal("512.00"), D(2026, 12, 1)))
    assert (
        table.price(rules.split(*rules.line_bounds(D(2026, 11, 2), dt.time(8), dt.time(9)))) is None
    )


def test_a_per_visit_rate_pays_one_unit_per_line():
    table = rates(("visit", "all", Decimal("250.00"), D(2026, 1, 1)))
    parts = table.price(rules.split(*rules.line_bounds(D(2026, 11, 24), dt.time(16), dt.time(18))))
    assert [(p.quantity, p.amount) for p in parts] == [(Decimal(1), Decimal("250.00"))]


def test_the_municipal_provider_is_not_priced():
    table = rules.RateTable([], priced=False)
    parts = table.price(rules.split(*rules.line_bounds(D(2026, 11, 24), dt.time(8), dt.time(9))))
    assert [p.amount for p in parts] == [Decimal("0.00")]


def test_the_extent_per_week_is_prorated_over_the_days_the_decision_is_valid():
    month = D(2026, 11, 1)
    assert rules.extent_allowance(
        extent=Decimal(7),
        extent_unit="timer per uke",
        month=month,
        valid_from=D(2026, 1, 1),
        valid_to=None,
    ) == Decimal("30.00")
    assert rules.extent_allowance(
        extent=Decimal(7),
        extent_unit="timer per uke",
        month=month,
        valid_from=D(2026, 11, 16),
        valid_to=None,
    ) == Decimal("15.00")
    assert (
        rules.extent_allowance(
            extent=Decimal(3),
            extent_unit="besøk per uke",
            month=month,
            valid_from=D(2026, 1, 1),
            valid_to=None,
        )
        is None
    )


def test_other_band_limits_move_the_weekday_bands():
    limits = rules.BandLimits(dt.time(8), dt.time(18), dt.time(23))
    segments = rules.split(*rules.line_bounds(D(2026, 11, 24), dt.time(6), dt.time(0)), limits)
    assert [(s.band, s.minutes) for s in segments] == [
        (Band.NIGHT, 120),
        (Band.DAY, 600),
        (Band.EVENING, 300),
        (Band.NIGHT, 60),
    ]


def test_a_rate_table_prices_each_distinct_visit_once():
    table = rates(("hour", "all", Decimal("500.00"), D(2026, 1, 1)))
    first = table.line(D(2026, 11, 24), dt.time(8), dt.time(9))
    assert table.line(D(2026, 11, 24), dt.time(8), dt.time(9)) is first
    assert (first.minutes, [p.amount for p in first.parts]) == (60, [Decimal("500.00")])

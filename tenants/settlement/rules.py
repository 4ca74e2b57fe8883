"""The pure rules of a delivered line: its times, its split into rate bands (day, evening,
night, weekend, Norwegian public holidays with the moveable feasts), and its price at the
rates valid on each day. No database here, so a city's month is priced in one pass."""

from __future__ import annotations

import datetime
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

import holidays

from tenants.schemes.models import RateVariant

from .models import Band

OSLO = ZoneInfo("Europe/Oslo")
UTC = datetime.UTC
ORE = Decimal("0.01")
MAX_LINE = datetime.timedelta(hours=24)


class BandLimits(NamedTuple):
    """Where the weekday bands start (wall-clock time): day until evening, evening until
    night, night until the next day's start. A scheme sets its own (`Scheme.day_starts`, …);
    these defaults are a common split in Norwegian care contracts."""

    day: datetime.time = datetime.time(7, 0)
    evening: datetime.time = datetime.time(17, 0)
    night: datetime.time = datetime.time(22, 0)

    @property
    def minutes(self) -> tuple[int, int, int, int]:
        """The boundaries in minutes after midnight, ending with midnight itself."""
        return (*(t.hour * 60 + t.minute for t in self), 24 * 60)

    @property
    def valid(self) -> bool:
        return self.day < self.evening < self.night


DEFAULT_LIMITS = BandLimits()

# The scheme's rate variants: a public holiday is paid as "Helg og helligdag".
VARIANT_OF_BAND = {
    Band.DAY: RateVariant.DAY,
    Band.EVENING: RateVariant.EVENING,
    Band.NIGHT: RateVariant.NIGHT,
    Band.WEEKEND: RateVariant.WEEKEND,
    Band.HOLIDAY: RateVariant.WEEKEND,
}


@lru_cache(maxsize=64)
def public_holidays(year: int) -> frozenset[datetime.date]:
    """Norway's public holidays that year (Easter, Ascension and Whitsun move with Easter)."""
    return frozenset(holidays.country_holidays("NO", years=year))


def is_public_holiday(day: datetime.date) -> bool:
    return day in public_holidays(day.year)


def band_at(moment: datetime.datetime, limits: BandLimits = DEFAULT_LIMITS) -> str:
    """The band of a wall-clock moment: a holiday or weekend all day, else by time of day."""
    return _band_of(moment.date(), moment.hour * 60 + moment.minute, limits.minutes)


def line_bounds(
    day: datetime.date, start: datetime.time, end: datetime.time
) -> tuple[datetime.datetime, datetime.datetime]:
    """Wall-clock start and end; an end at or before the start is on the next day."""
    begins = datetime.datetime.combine(day, start)
    ends = datetime.datetime.combine(day, end)
    if ends <= begins:
        ends += datetime.timedelta(days=1)
    return begins, ends


def aware(moment: datetime.datetime) -> datetime.datetime:
    return moment.replace(tzinfo=OSLO)


def local(moment: datetime.datetime) -> datetime.datetime:
    """An aware moment as Oslo wall-clock time without tzinfo (what lines are compared in)."""
    return moment.astimezone(OSLO).replace(tzinfo=None)


def real_minutes(begins: datetime.datetime, ends: datetime.datetime) -> int:
    """Minutes that really passed between two wall-clock moments (a DST night has 23 or 25
    hours), so a night shift is paid for the time worked."""
    delta = aware(ends).astimezone(UTC) - aware(begins).astimezone(UTC)
    return int(delta.total_seconds() // 60)


class Segment(NamedTuple):
    band: str
    on_date: datetime.date
    minutes: int


_DAY_KIND: dict[datetime.date, str | None] = {}


@lru_cache(maxsize=16)
def clock_change_days(year: int) -> frozenset[datetime.date]:
    """Days whose wall clock skips or repeats an hour (summer and winter time)."""
    day = datetime.date(year, 1, 1)
    out = set()
    offset = aware(datetime.datetime.combine(day, datetime.time())).utcoffset()
    while day.year == year:
        following = day + datetime.timedelta(days=1)
        next_offset = aware(datetime.datetime.combine(following, datetime.time())).utcoffset()
        if next_offset != offset:
            out.add(day)
        day, offset = following, next_offset
    return frozenset(out)


def _day_kind(day: datetime.date) -> str | None:
    """Holiday or weekend for the whole day, else None (then the time of day decides)."""
    if day not in _DAY_KIND:
        if is_public_holiday(day):
            _DAY_KIND[day] = Band.HOLIDAY
        elif day.weekday() >= 5:
            _DAY_KIND[day] = Band.WEEKEND
        else:
            _DAY_KIND[day] = None
    return _DAY_KIND[day]


def _band_of(day: datetime.date, minute: int, bounds: tuple[int, int, int, int]) -> str:
    kind = _day_kind(day)
    if kind is not None:
        return kind
    if bounds[0] <= minute < bounds[1]:
        return Band.DAY
    if bounds[1] <= minute < bounds[2]:
        return Band.EVENING
    return Band.NIGHT


@lru_cache(maxsize=8192)
def day_plan(day: datetime.date, limits: BandLimits) -> tuple[tuple[int, int, str], ...]:
    """The day's bands as (from minute, to minute, band), computed once per day and limits:
    a line is then cut against at most four pieces instead of walked minute by minute."""
    kind = _day_kind(day)
    if kind is not None:
        return ((0, 24 * 60, kind),)
    d, e, n, midnight = limits.minutes
    pieces = ((0, d, Band.NIGHT), (d, e, Band.DAY), (e, n, Band.EVENING), (n, midnight, Band.NIGHT))
    return tuple(p for p in pieces if p[0] < p[1])


def _cut(out: list[Segment], day: datetime.date, lo: int, hi: int, limits: BandLimits) -> None:
    for start, stop, band in day_plan(day, limits):
        if stop <= lo:
            continue
        if start >= hi:
            break
        minutes = min(stop, hi) - max(start, lo)
        if out and out[-1].band == band and out[-1].on_date == day:
            out[-1] = Segment(band, day, out[-1].minutes + minutes)
        else:
            out.append(Segment(band, day, minutes))


def split(
    begins: datetime.datetime, ends: datetime.datetime, limits: BandLimits = DEFAULT_LIMITS
) -> list[Segment]:
    """The time between two wall-clock moments as (band, day, minutes), in order; consecutive
    pieces in the same band on the same day are one segment. Minutes are counted on the wall
    clock, except on the two days a year the clock changes, where they are the real ones."""
    day, last_day = begins.date(), ends.date()
    if (
        (last_day - day).days > 1
        or day in clock_change_days(day.year)
        or last_day in clock_change_days(last_day.year)
    ):
        return _split_slowly(begins, ends, limits)
    out: list[Segment] = []
    first, last = begins.hour * 60 + begins.minute, ends.hour * 60 + ends.minute
    if day == last_day:
        _cut(out, day, first, last, limits)
    else:
        _cut(out, day, first, 24 * 60, limits)
        _cut(out, last_day, 0, last, limits)
    return out


def _split_slowly(
    begins: datetime.datetime, ends: datetime.datetime, limits: BandLimits
) -> list[Segment]:
    """Band by band through the days, with the real minutes on a day the clock changes."""
    bounds = limits.minutes
    out: list[Segment] = []
    day, cursor = begins.date(), begins.hour * 60 + begins.minute
    last_day, last_minute = ends.date(), ends.hour * 60 + ends.minute
    while day < last_day or (day == last_day and cursor < last_minute):
        boundary = bounds[bisect_right(bounds, cursor)]
        stop = boundary if day < last_day else min(boundary, last_minute)
        minutes = stop - cursor
        if day in clock_change_days(day.year):
            midnight = datetime.datetime.combine(day, datetime.time())
            minutes = real_minutes(
                midnight + datetime.timedelta(minutes=cursor),
                midnight + datetime.timedelta(minutes=stop),
            )
        band = _band_of(day, cursor, bounds)
        if out and out[-1].band == band and out[-1].on_date == day:
            out[-1] = Segment(band, day, out[-1].minutes + minutes)
        elif minutes:
            out.append(Segment(band, day, minutes))
        if stop == 24 * 60:
            day, cursor = day + datetime.timedelta(days=1), 0
        else:
            cursor = stop
    return out


@dataclass(frozen=True)
class RateRow:
    unit: str
    variant: str
    amount: Decimal
    valid_from: datetime.date


class PricedPart(NamedTuple):
    band: str
    on_date: datetime.date
    minutes: int
    quantity: Decimal
    unit: str
    rate: Decimal
    amount: Decimal


class PricedLine(NamedTuple):
    begins: datetime.datetime
    ends: datetime.datetime
    minutes: int
    parts: list[PricedPart] | None
    amount: Decimal = Decimal("0.00")  # the parts' sum
    starts_at: datetime.datetime | None = None  # begins and ends as aware times, as stored
    ends_at: datetime.datetime | None = None


class RateTable:
    """A scheme's fixed rates through time. `unit` is what the scheme pays per: by the hour
    (each band's minutes at that band's rate) or per visit, delivery or day (one unit per
    line at the rate of the band it starts in). Without rates (the municipal provider) every
    amount is zero: no money changes hands. `limits` are the scheme's band limits."""

    def __init__(
        self,
        rates: Iterable[RateRow],
        *,
        priced: bool = True,
        limits: BandLimits = DEFAULT_LIMITS,
    ) -> None:
        self.priced = priced
        self.limits = limits
        self._lines: dict[tuple, PricedLine] = {}
        self._by_key: dict[tuple[str, str], list[RateRow]] = {}
        for row in sorted(rates, key=lambda r: r.valid_from, reverse=True):
            self._by_key.setdefault((row.unit, row.variant), []).append(row)
        units = {unit for unit, _variant in self._by_key}
        self.unit = "hour" if "hour" in units or not units else sorted(units)[0]
        self._cache: dict[tuple[str, datetime.date], Decimal | None] = {}

    def rate(self, band: str, day: datetime.date) -> Decimal | None:
        """The rate valid on `day` for the band, else the scheme's all-day rate; None if none."""
        key = (band, day)
        if key not in self._cache:
            found = None
            for variant in (VARIANT_OF_BAND[band], RateVariant.ALL):
                for row in self._by_key.get((self.unit, variant), ()):
                    if row.valid_from <= day:
                        found = row.amount
                        break
                if found is not None:
                    break
            self._cache[key] = found
        return self._cache[key]

    def line(self, day: datetime.date, start: datetime.time, end: datetime.time) -> PricedLine:
        """A line's bounds, minutes and priced parts (None without a rate). Remembered per
        (day, start, end): a month's rosters repeat the same visits, so a city's month prices
        each distinct visit once."""
        key = (day, start, end)
        found = self._lines.get(key)
        if found is None:
            begins, ends = line_bounds(day, start, end)
            segments = split(begins, ends, self.limits)
            minutes = sum(s.minutes for s in segments)
            parts = self.price(segments) if minutes > 0 else None
            amount = sum((p.amount for p in parts or ()), Decimal("0.00"))
            found = self._lines[key] = PricedLine(
                begins, ends, minutes, parts, amount, aware(begins), aware(ends)
            )
        return found

    def price(self, segments: list[Segment]) -> list[PricedPart] | None:
        """The priced parts, or None when a rate is missing for a band on a day."""
        if not self.priced:
            return [
                PricedPart(
                    s.band,
                    s.on_date,
                    s.minutes,
                    _hours(s.minutes),
                    "hour",
                    Decimal(0),
                    Decimal("0.00"),
                )
                for s in segments
            ]
        if self.unit != "hour":
            first = segments[0]
            rate = self.rate(first.band, first.on_date)
            if rate is None:
                return None
            quantity = Decimal(0) if self.unit == "month" else Decimal(1)
            total = sum(s.minutes for s in segments)
            amount = (rate * quantity).quantize(ORE, ROUND_HALF_UP)
            return [PricedPart(first.band, first.on_date, total, quantity, self.unit, rate, amount)]
        out = []
        for s in segments:
            rate = self.rate(s.band, s.on_date)
            if rate is None:
                return None
            amount = (rate * s.minutes / 60).quantize(ORE, ROUND_HALF_UP)
            out.append(
                PricedPart(s.band, s.on_date, s.minutes, _hours(s.minutes), "hour", rate, amount)
            )
        return out


@lru_cache(maxsize=4096)
def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(month: datetime.date) -> datetime.date:
    """The last day of the month that starts on `month`."""
    following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def extent_allowance(
    *,
    extent: Decimal,
    extent_unit: str,
    month: datetime.date,
    valid_from: datetime.date,
    valid_to: datetime.date | None,
) -> Decimal | None:
    """What the decision grants in hours for the part of the month it is valid, or None when
    its extent is not in hours. Per week is prorated by days (extent × days / 7)."""
    unit = (extent_unit or "").lower()
    if "time" not in unit:
        return None
    first = max(month, valid_from)
    last = min(month_end(month), valid_to or month_end(month))
    if last < first:
        return Decimal(0)
    days = (last - first).days + 1
    if "måned" in unit:
        return extent * days / ((month_end(month) - month).days + 1)
    return (extent * days / 7).quantize(Decimal("0.01"), ROUND_HALF_UP)

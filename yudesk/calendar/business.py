"""`BusinessCalendar`: business-time arithmetic over the production calendar (S-CAL-1, 2).

Inputs may be naive (Moscow wall time) or aware in any zone; outputs are aware Moscow
datetimes. Arithmetic is exact to the microsecond: a start at 10:00:30 plus 60 minutes is
11:00:30, and a start outside business hours counts from the next opening, so seconds in
the start are dropped only when the clock could not have been running then anyway.
Work ending exactly at closing time is due at closing time, not at the next opening.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache

from yudesk.calendar.days import DayInfo, build_year
from yudesk.calendar.overrides import Override, validate_override
from yudesk.calendar.production import load_year, warn_fallback
from yudesk.calendar.timeline import Interval, Timeline
from yudesk.calendar.tz import US_PER_MINUTE, from_us, timedelta_us, to_moscow, to_us
from yudesk.errors import CalendarError


class BusinessCalendar:
    """Business hours 09:00–18:00 Moscow (17:00 on shortened days) with overrides on top.

    Years are built lazily on first use and cached for the life of the object, so build
    one calendar and reuse it (it is safe to share between threads); build a new one when
    the overrides change.
    """

    def __init__(self, overrides: Sequence[Override] = ()) -> None:
        self.overrides: tuple[Override, ...] = tuple(validate_override(o) for o in overrides)
        self._days: dict[int, dict[date, DayInfo]] = {}
        self._intervals: dict[int, list[Interval]] = {}
        self._lock = threading.Lock()
        self._timeline = Timeline(self._year_intervals)

    # -- days -------------------------------------------------------------------------
    def day(self, d: date) -> DayInfo:
        """The kind and business intervals of a Moscow calendar day."""
        if isinstance(d, datetime):
            d = to_moscow(d).date()
        elif not isinstance(d, date):
            raise CalendarError(f"expected a date, got {d!r}")
        return self._year_days(d.year)[d]

    def year(self, year: int) -> list[DayInfo]:
        """Every day of a year, in order."""
        return list(self._year_days(year).values())

    def _year_days(self, year: int) -> dict[date, DayInfo]:
        if year not in self._days:
            self._build(year)
        return self._days[year]

    def _year_intervals(self, year: int) -> list[Interval]:
        if year not in self._intervals:
            self._build(year)
        return self._intervals[year]

    def _build(self, year: int) -> None:
        with self._lock:  # one build (and one fallback warning) per year, even across threads
            if year in self._intervals:
                return
            production = load_year(year)
            if production.fallback:
                warn_fallback(year)
            built = build_year(production, self.overrides)
            self._days[year] = {info.date: info for info, _ in built}
            self._intervals[year] = [iv for _, ivs in built for iv in ivs]

    # -- instants ---------------------------------------------------------------------
    def is_open(self, t: datetime) -> bool:
        return self._timeline.is_open(to_us(t))

    def next_opening(self, t: datetime) -> datetime:
        """`t` itself (in Moscow time) when open, else the start of the next interval."""
        us = to_us(t)
        opening = self._timeline.next_opening(us)
        return to_moscow(t) if opening == us else from_us(opening)

    def add(self, start: datetime, minutes: int) -> datetime:
        """The instant `minutes` business minutes after `start` (0 gives the next opening)."""
        if minutes < 0:
            raise CalendarError(f"cannot add {minutes} business minutes; use subtract()")
        us = to_us(start)
        if minutes == 0:
            return self.next_opening(start)
        return from_us(self._timeline.add(us, minutes * US_PER_MINUTE))

    def add_delta(self, start: datetime, delta: timedelta) -> datetime:
        """Like add() with an exact amount of business time (fractions of a minute kept)."""
        amount = timedelta_us(delta)
        if amount < 0:
            raise CalendarError(f"cannot add negative business time {delta}")
        if amount == 0:
            return self.next_opening(start)
        return from_us(self._timeline.add(to_us(start), amount))

    def subtract(self, t: datetime, minutes: int) -> datetime:
        """The earliest instant `minutes` business minutes before `t` (a closing time
        rather than the following opening when both qualify)."""
        if minutes < 0:
            raise CalendarError(f"cannot subtract {minutes} business minutes; use add()")
        return from_us(self._timeline.subtract(to_us(t), minutes * US_PER_MINUTE))

    def between(self, a: datetime, b: datetime) -> int:
        """Whole business minutes from `a` to `b` (floor); 0 when `b` is not after `a`."""
        return self.business_time(a, b) // timedelta(minutes=1)

    def business_time(self, a: datetime, b: datetime) -> timedelta:
        """Exact business time from `a` to `b`; zero when `b` is not after `a`."""
        ua, ub = to_us(a), to_us(b)
        if ub <= ua:
            return timedelta(0)
        return timedelta(microseconds=self._timeline.between(ua, ub))


def calendar_with(overrides: Sequence[Override]) -> BusinessCalendar:
    """The process's calendar for these overrides, built once.

    Building a year costs ~10 ms and the intake asks for the calendar in every batch, while
    operators change overrides rarely; a calendar never changes once built (its years are
    computed on first use, under its lock), so one instance per set of overrides is shared.
    """
    return _shared_calendar(tuple(overrides))


@lru_cache(maxsize=8)
def _shared_calendar(overrides: tuple[Override, ...]) -> BusinessCalendar:
    return BusinessCalendar(overrides)

"""Business time as a flat, sorted list of intervals with cumulative totals.

An instant's "position" is the business time elapsed since the start of the loaded range,
so adding N minutes is one bisect to find the position and one bisect to find the
interval where position + N lands: O(log intervals) per deadline, whatever N is.

Years are loaded on demand into an immutable snapshot (`Span`) that is replaced whole,
never edited: a reader takes the snapshot once per call, so threads sharing a calendar
never see half-built arrays, and positions taken from one snapshot stay consistent.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from yudesk.calendar.production import FIRST_YEAR, LAST_YEAR
from yudesk.calendar.tz import year_of_us, year_start_us
from yudesk.errors import CalendarError

Interval = tuple[int, int]
# How far past the loaded years a search may go before giving up: an override closing
# everything must produce an error, not load years forever.
MAX_LOOKAHEAD_YEARS = 5
# An instant more than this many years away from the loaded range starts a fresh range
# instead of loading every year in between.
MAX_GAP_YEARS = 2


@dataclass(frozen=True)
class Span:
    """Years first..last: business intervals (µs) with the business time before each."""

    first: int
    last: int
    lo: int  # covered instants: [lo, hi)
    hi: int
    starts: list[int]
    ends: list[int]
    cum: list[int]  # business µs before interval i
    cum_end: list[int]  # business µs up to the end of interval i

    def position(self, us: int) -> int:
        i = bisect_right(self.starts, us) - 1
        if i < 0:
            return 0
        if us < self.ends[i]:
            return self.cum[i] + us - self.starts[i]
        return self.cum_end[i]

    def instant(self, position: int) -> int:
        """The earliest instant at `position` (<= total): a closing time rather than the
        next opening, which is what makes work ending at closing due at closing."""
        j = bisect_left(self.cum_end, position)
        return self.starts[j] + position - self.cum[j]

    @property
    def total(self) -> int:
        return self.cum_end[-1] if self.cum_end else 0


_EMPTY = Span(0, -1, 0, 0, [], [], [], [])


class Timeline:
    def __init__(
        self,
        year_intervals: Callable[[int], list[Interval]],
        known_years: tuple[int, int] = (FIRST_YEAR, LAST_YEAR),
    ) -> None:
        self._year_intervals = year_intervals
        self.first_known, self.last_known = known_years
        self.span = _EMPTY
        self._lock = threading.Lock()

    # -- loading ----------------------------------------------------------------------
    def cover(self, us: int) -> Span:
        """A snapshot whose years include the one holding the instant `us` (Moscow)."""
        span = self.span
        if span.lo <= us < span.hi:
            return span
        year = self._checked_year(us)
        if span.last < span.first or not (
            span.first - MAX_GAP_YEARS <= year <= span.last + MAX_GAP_YEARS
        ):
            return self._load(year, year)
        return self._load(min(year, span.first), max(year, span.last))

    def cover_span(self, a: int, b: int) -> Span:
        """A snapshot covering every year from the one holding `a` to the one holding `b`."""
        span = self.span
        if span.lo <= a and b < span.hi:
            return span
        first, last = self._checked_year(a), self._checked_year(b)
        if span.last >= span.first:
            first, last = min(first, span.first), max(last, span.last)
        return self._load(first, last)

    def extended(self, span: Span, position: int, limit_year: int) -> Span:
        """`span` grown forward until it holds `position`, or CalendarError."""
        while position > span.total:
            if span.last >= min(limit_year, self.last_known):
                raise CalendarError(
                    f"no business time found up to the end of {span.last}; "
                    "check the calendar overrides (is everything closed?)"
                )
            span = self._load(span.first, span.last + 1)
        return span

    def _checked_year(self, us: int) -> int:
        year = year_of_us(us)
        if not self.first_known <= year <= self.last_known:
            raise CalendarError(
                f"no production calendar for {year}: only {self.first_known}–"
                f"{self.last_known} can be known"
            )
        return year

    def _load(self, first: int, last: int) -> Span:
        with self._lock:
            current = self.span
            if current.first <= first and last <= current.last:
                return current
            if current.first == first and current.last >= first:
                # Growing forward keeps every earlier position: copy and append.
                span = self._build(current, current.last + 1, last)
            else:
                span = self._build(
                    Span(first, first - 1, year_start_us(first), 0, [], [], [], []), first, last
                )
            self.span = span
            return span

    def _build(self, base: Span, first_new: int, last: int) -> Span:
        starts, ends = list(base.starts), list(base.ends)
        cum, cum_end = list(base.cum), list(base.cum_end)
        total = base.total
        for year in range(first_new, last + 1):
            for start, end in self._year_intervals(year):
                if end <= start:
                    continue
                starts.append(start)
                ends.append(end)
                cum.append(total)
                total += end - start
                cum_end.append(total)
        return Span(base.first, last, base.lo, year_start_us(last + 1), starts, ends, cum, cum_end)

    # -- arithmetic -------------------------------------------------------------------
    def position(self, us: int) -> int:
        return self.cover(us).position(us)

    def is_open(self, us: int) -> bool:
        span = self.cover(us)
        i = bisect_right(span.starts, us) - 1
        return i >= 0 and us < span.ends[i]

    def next_opening(self, us: int) -> int:
        span = self.cover(us)
        i = bisect_right(span.starts, us) - 1
        if i >= 0 and us < span.ends[i]:
            return us
        span = self.extended(span, span.position(us) + 1, span.last + MAX_LOOKAHEAD_YEARS)
        return span.starts[i + 1]

    def add(self, us: int, delta: int) -> int:
        """The instant `delta` (> 0) business µs after `us` — the hot path of every deadline."""
        span = self.span
        if not (span.lo <= us < span.hi):
            span = self.cover(us)
        starts = span.starts
        i = bisect_right(starts, us) - 1
        if i < 0:
            target = delta
        elif us < span.ends[i]:
            target = span.cum[i] + us - starts[i] + delta
        else:
            target = span.cum_end[i] + delta
        cum_end = span.cum_end
        if not cum_end or target > cum_end[-1]:
            span = self.extended(span, target, span.last + MAX_LOOKAHEAD_YEARS)
            starts, cum_end = span.starts, span.cum_end
        j = bisect_left(cum_end, target)
        return starts[j] + target - span.cum[j]

    def between(self, a: int, b: int) -> int:
        """Business µs in [a, b), both positions taken from one snapshot."""
        span = self.cover_span(a, b)
        return span.position(b) - span.position(a)

    def subtract(self, us: int, delta: int) -> int:
        """The earliest instant `delta` (>= 0) business µs before `us`."""
        span = self.cover(us)
        # Position 0 has no closing time before it in the snapshot: load earlier years.
        while span.position(us) - delta <= 0:
            if span.first <= self.first_known:
                raise CalendarError(f"no business time before {span.first} is known")
            span = self._load(span.first - 1, span.last)
        return span.instant(span.position(us) - delta)

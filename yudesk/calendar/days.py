"""One calendar day as the rest of the app sees it, and the building of a year of them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from yudesk.calendar.overrides import Override, Window, cut_breaks, shape_day, window_us
from yudesk.calendar.production import DayKind, ProductionYear
from yudesk.calendar.tz import US_PER_MINUTE, from_us, local_us, to_us

OPENS = time(9)
CLOSES = time(18)
SHORTENED_CLOSES = time(17)  # art. 95: one hour shorter


@dataclass(frozen=True)
class DayInfo:
    date: date
    kind: DayKind
    # Business intervals, aware Moscow datetimes, half-open [start, end), in order.
    intervals: tuple[tuple[datetime, datetime], ...]
    reasons: tuple[str, ...] = ()  # reasons of the overrides that touched this day

    @property
    def opens(self) -> datetime | None:
        return self.intervals[0][0] if self.intervals else None

    @property
    def closes(self) -> datetime | None:
        return self.intervals[-1][1] if self.intervals else None

    @property
    def is_open(self) -> bool:
        """Whether any business time falls on this day."""
        return bool(self.intervals)

    @property
    def minutes(self) -> int:
        return sum(to_us(b) - to_us(a) for a, b in self.intervals) // US_PER_MINUTE


def standard_window(kind: str) -> Window | None:
    if kind == "working":
        return (OPENS, CLOSES)
    if kind == "shortened":
        return (OPENS, SHORTENED_CLOSES)
    return None


def build_year(
    production: ProductionYear, overrides: Sequence[Override]
) -> list[tuple[DayInfo, list[tuple[int, int]]]]:
    """Every day of the year with its business intervals, also as integer microseconds."""
    year = production.year
    by_day: dict[date, list[Override]] = {}
    first, last = date(year, 1, 1), date(year, 12, 31)
    for o in overrides:
        if o.kind == "break" or o.day_from is None or o.day_to is None:
            continue
        d, until = max(o.day_from, first), min(o.day_to, last)
        while d <= until:  # only this year's part of a long range
            by_day.setdefault(d, []).append(o)
            d += timedelta(days=1)
    breaks = [
        (to_us(o.starts_at), to_us(o.ends_at), o.reason)  # type: ignore[arg-type]
        for o in overrides
        if o.kind == "break"
    ]
    result = []
    for d in production.days():
        kind: str = production.kind(d)
        window = standard_window(kind)
        touching = by_day.get(d, [])
        if touching:
            kind, window = shape_day(d, kind, window, touching)
        intervals = [window_us(d, window)] if window else []
        reasons = [o.reason for o in touching]
        if breaks:
            day_start = local_us(d, time(0))
            day_end = local_us(d + timedelta(days=1), time(0))
            hitting = [(s, e) for s, e, _ in breaks if s < day_end and day_start < e]
            reasons += [r for s, e, r in breaks if s < day_end and day_start < e]
            intervals = cut_breaks(intervals, hitting)
        info = DayInfo(
            date=d,
            kind=kind,  # type: ignore[arg-type]
            intervals=tuple((from_us(s), from_us(e)) for s, e in intervals),
            reasons=tuple(dict.fromkeys(reasons)),
        )
        result.append((info, intervals))
    return result

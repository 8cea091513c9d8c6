"""Operator overrides on top of the production calendar: data, not code (S-CAL-1).

The integrator stores these as rows of `calendar_overrides` with the same columns and
builds `Override` objects from them; no database code lives here.

Order matters: day-shaping overrides ("closed", "hours", "working") are applied in the
order given, so a later one wins over an earlier one for the same day. Breaks are applied
after them all: an emergency break is a fact about instants, and no change of opening
hours should silently cancel it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from yudesk.calendar.tz import local_us, to_us
from yudesk.errors import CalendarError

KINDS = ("closed", "hours", "break", "working")

# Fields each kind needs; every other optional field must be empty, so a row that says
# "closed" but carries hours is rejected rather than half-applied.
_NEEDS: dict[str, tuple[str, ...]] = {
    "closed": ("day_from", "day_to"),
    "hours": ("day_from", "day_to", "opens", "closes"),
    "working": ("day_from", "day_to", "opens", "closes"),
    "break": ("starts_at", "ends_at"),
}
_OPTIONAL = ("day_from", "day_to", "opens", "closes", "starts_at", "ends_at")


@dataclass(frozen=True)
class Override:
    kind: str
    day_from: date | None = None
    day_to: date | None = None
    opens: time | None = None
    closes: time | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    reason: str = ""


def validate_override(o: Override) -> Override:
    """`o` itself when it makes sense; CalendarError saying what to fix otherwise.

    Naive `starts_at`/`ends_at` are read as Moscow time, like every other naive input,
    because SQLite hands timestamps back without their zone.
    """
    if o.kind not in KINDS:
        raise CalendarError(f"override kind {o.kind!r} is unknown; use one of {', '.join(KINDS)}")
    if not isinstance(o.reason, str) or not o.reason.strip():
        raise CalendarError(f"a {o.kind!r} override needs a reason (who asked for it and why)")
    needed = _NEEDS[o.kind]
    missing = [f for f in needed if getattr(o, f) is None]
    if missing:
        raise CalendarError(f"a {o.kind!r} override needs {', '.join(missing)}")
    extra = [f for f in _OPTIONAL if f not in needed and getattr(o, f) is not None]
    if extra:
        raise CalendarError(f"a {o.kind!r} override does not take {', '.join(extra)}")
    _check_types(o)
    if o.day_from is not None and o.day_to is not None and o.day_to < o.day_from:
        raise CalendarError(f"override ends ({o.day_to}) before it starts ({o.day_from})")
    if o.opens is not None and o.closes is not None and o.closes <= o.opens:
        raise CalendarError(
            f"override closes at {o.closes:%H:%M}, not after it opens at {o.opens:%H:%M}"
        )
    if o.starts_at is not None and o.ends_at is not None and to_us(o.ends_at) <= to_us(o.starts_at):
        raise CalendarError(
            f"break ends ({o.ends_at.isoformat()}) before it starts ({o.starts_at.isoformat()})"
        )
    return o


def _check_types(o: Override) -> None:
    for name in ("day_from", "day_to"):
        value = getattr(o, name)
        if value is not None and (not isinstance(value, date) or isinstance(value, datetime)):
            raise CalendarError(f"override {name} must be a date, got {value!r}")
    for name in ("opens", "closes"):
        value = getattr(o, name)
        if value is not None and not isinstance(value, time):
            raise CalendarError(f"override {name} must be a time of day, got {value!r}")
    for name in ("starts_at", "ends_at"):
        value = getattr(o, name)
        if value is not None and not isinstance(value, datetime):
            raise CalendarError(f"override {name} must be a date and time, got {value!r}")


Window = tuple[time, time]


def shape_day(
    d: date, kind: str, window: Window | None, overrides: Sequence[Override]
) -> tuple[str, Window | None]:
    """Apply the day-shaping overrides for `d`, in order, to its (kind, opening window)."""
    for o in overrides:
        if o.kind == "closed":
            window = None
            if kind in ("working", "shortened"):
                kind = "holiday"
        elif o.kind == "hours":
            if window is not None:  # changed hours do not open a closed day: "working" does
                window = (o.opens, o.closes)  # type: ignore[assignment]
        elif o.kind == "working":
            window = (o.opens, o.closes)  # type: ignore[assignment]
            if kind in ("holiday", "weekend"):
                kind = "working"
    return kind, window


def cut_breaks(
    intervals: list[tuple[int, int]], breaks: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Intervals (µs) minus every break (µs); a break inside a day splits it in two."""
    for b_start, b_end in breaks:
        kept: list[tuple[int, int]] = []
        for start, end in intervals:
            if b_end <= start or end <= b_start:
                kept.append((start, end))
                continue
            if start < b_start:
                kept.append((start, b_start))
            if b_end < end:
                kept.append((b_end, end))
        intervals = kept
    return intervals


def window_us(d: date, window: Window) -> tuple[int, int]:
    return local_us(d, window[0]), local_us(d, window[1])

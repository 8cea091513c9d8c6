"""Business-time arithmetic: deadlines, between, openings (S-CAL-1, S-CAL-2)."""

from __future__ import annotations

import time as wallclock
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from yudesk.calendar import MOSCOW, BusinessCalendar
from yudesk.errors import CalendarError

CAL = BusinessCalendar()


def msk(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=MOSCOW)


# (start, business minutes, expected deadline) — naive strings are Moscow time.
DEADLINES = [
    # 2025-11-01: a working 7-hour Saturday, then 2–4 November off.
    ("2025-10-31T17:00", 120, "2025-11-01T10:00"),
    ("2025-11-01T16:30", 60, "2025-11-05T09:30"),
    # 2024-04-27 and 2024-12-28: working 8-hour Saturdays.
    ("2024-04-26T17:30", 60, "2024-04-27T09:30"),
    ("2024-04-27T17:30", 60, "2024-05-02T09:30"),
    ("2024-12-28T17:00", 120, "2025-01-09T10:00"),
    # 2026-03-09 and 2026-05-11: holidays moved off a weekend.
    ("2026-03-06T17:00", 120, "2026-03-10T10:00"),
    ("2026-05-08T16:00", 120, "2026-05-12T10:00"),
    # Shortened days close at 17:00.
    ("2025-03-07T16:30", 60, "2025-03-10T09:30"),
    ("2025-04-30T16:00", 61, "2025-05-05T09:01"),
    ("2026-11-03T16:00", 120, "2026-11-05T10:00"),
    # New Year holidays and the transferred 31 December.
    ("2025-12-30T17:30", 960, "2026-01-13T15:30"),
    ("2024-12-27T17:00", 960, "2025-01-09T15:00"),
    ("2026-12-30T17:30", 60, "2027-01-11T09:30"),
]


@pytest.mark.parametrize(("start", "minutes", "due"), DEADLINES)
def test_deadline_across_tricky_days(start: str, minutes: int, due: str) -> None:
    """S-CAL-2: the clock counts business time only, honouring the production calendar."""
    assert CAL.add(msk(start), minutes) == msk(due)


def test_work_ending_at_closing_is_due_at_closing() -> None:
    """S-CAL-2: a deadline that uses up the day is that day's closing time, not tomorrow."""
    assert CAL.add(msk("2025-06-02T17:00"), 60) == msk("2025-06-02T18:00")
    assert CAL.add(msk("2025-04-30T16:00"), 60) == msk("2025-04-30T17:00")  # shortened


def test_arrival_outside_hours_counts_from_next_opening() -> None:
    """S-CAL-2: a night or weekend arrival starts at the next opening."""
    assert CAL.add(msk("2025-06-02T03:12"), 30) == msk("2025-06-02T09:30")
    assert CAL.add(msk("2025-06-06T20:00"), 30) == msk("2025-06-09T09:30")  # Fri night
    assert CAL.add(msk("2025-06-02T18:00"), 30) == msk("2025-06-03T09:30")  # at closing


def test_zero_minutes_on_a_closed_instant_is_the_next_opening() -> None:
    """S-CAL-2: add(t, 0) is t when open, else the next opening."""
    assert CAL.add(msk("2025-12-31T12:00"), 0) == msk("2026-01-12T09:00")
    assert CAL.add(msk("2025-06-02T10:15"), 0) == msk("2025-06-02T10:15")


def test_start_in_another_timezone() -> None:
    """S-CAL-2: an offset-aware start is converted to Moscow before counting."""
    start = datetime.fromisoformat("2025-12-30T23:30:00-05:00")  # 07:30 on 31 Dec, Moscow
    due = CAL.add(start, 60)
    assert due == msk("2026-01-12T10:00")
    assert due.utcoffset() == timedelta(hours=3)
    assert isinstance(due.tzinfo, ZoneInfo) and due.tzinfo.key == "Europe/Moscow"


def test_naive_start_means_moscow() -> None:
    """S-CAL-2: naive and Moscow-aware starts give the same deadline."""
    naive = datetime(2025, 6, 2, 10, 0)
    assert CAL.add(naive, 90) == CAL.add(naive.replace(tzinfo=MOSCOW), 90)
    utc = datetime(2025, 6, 2, 7, 0, tzinfo=UTC)
    assert CAL.add(utc, 90) == CAL.add(naive, 90)


def test_seconds_in_the_start_are_kept() -> None:
    """S-CAL-2: 10:00:30 plus 60 minutes is 11:00:30; spill-over seconds go to the next day."""
    assert CAL.add(msk("2025-06-02T10:00:30"), 60) == msk("2025-06-02T11:00:30")
    assert CAL.add(msk("2025-06-02T17:30:30"), 30) == msk("2025-06-03T09:00:30")
    assert CAL.add(msk("2025-06-02T07:00:30"), 60) == msk("2025-06-02T10:00")  # closed: dropped


def test_fractional_business_time() -> None:
    """S-CAL-2: add_delta keeps fractions of a minute."""
    assert CAL.add_delta(msk("2025-06-02T17:59"), timedelta(seconds=90)) == msk(
        "2025-06-03T09:00:30"
    )


def test_negative_minutes_are_refused() -> None:
    """S-CAL-2: a negative target is a mistake, reported as such."""
    with pytest.raises(CalendarError):
        CAL.add(msk("2025-06-02T10:00"), -1)


def test_between_counts_business_minutes_floor() -> None:
    """S-CAL-2: between() counts whole business minutes, 0 when b is not after a."""
    assert CAL.between(msk("2025-12-30T17:00"), msk("2026-01-12T10:00")) == 120
    assert CAL.between(msk("2025-06-02T10:00"), msk("2025-06-02T10:00:59")) == 0
    assert CAL.between(msk("2025-06-02T10:00"), msk("2025-06-02T10:01:59")) == 1
    assert CAL.between(msk("2025-06-03T10:00"), msk("2025-06-02T10:00")) == 0
    assert CAL.between(msk("2025-06-07T10:00"), msk("2025-06-08T10:00")) == 0  # weekend


def test_between_across_years() -> None:
    """S-CAL-2: a span over several years sums every year's business time."""
    a, b = msk("2024-01-01T00:00"), msk("2026-01-01T00:00")
    total = sum(d.minutes for y in (2024, 2025) for d in CAL.year(y))
    assert BusinessCalendar().between(b - timedelta(days=1), b) == 0
    assert BusinessCalendar().between(a, b) == total


def test_next_opening_and_is_open() -> None:
    """S-CAL-2: open instants are [opening, closing); the next opening skips days off."""
    assert CAL.is_open(msk("2025-06-02T09:00"))
    assert not CAL.is_open(msk("2025-06-02T18:00"))
    assert not CAL.is_open(msk("2025-11-03T12:00"))
    assert CAL.is_open(msk("2025-11-01T16:59"))
    assert not CAL.is_open(msk("2025-11-01T17:00"))
    assert CAL.next_opening(msk("2025-06-02T12:34")) == msk("2025-06-02T12:34")
    assert CAL.next_opening(msk("2025-12-30T18:00")) == msk("2026-01-12T09:00")


def test_subtract_prefers_the_closing_time() -> None:
    """S-CAL-3: 15 business minutes before 09:10 is 17:55 the previous working day."""
    assert CAL.subtract(msk("2025-06-03T09:10"), 15) == msk("2025-06-02T17:55")
    assert CAL.subtract(msk("2025-06-03T09:15"), 15) == msk("2025-06-02T18:00")


def test_deadline_cost_does_not_grow_with_the_target() -> None:
    """S-CAL-2: a 16-hour target across New Year is a lookup, not a walk over minutes."""
    cal = BusinessCalendar()
    start = msk("2025-12-30T17:30")
    cal.add(start, 960)  # load the years once
    began = wallclock.perf_counter()
    for _ in range(20_000):
        cal.add(start, 960)
    assert wallclock.perf_counter() - began < 2.0  # minute-stepping would take minutes
    assert cal.add(start, 100_000) > cal.add(start, 99_999)


def test_dates_beyond_data_are_an_error() -> None:
    """S-CAL-1: years nobody can know are refused with a message, not guessed."""
    with pytest.raises(CalendarError, match="2200"):
        CAL.add(datetime(2200, 1, 1), 10)


def test_one_calendar_can_be_shared_between_threads() -> None:
    """S-CAL-2: lazy loading under concurrent use gives the same deadlines as one thread."""
    from concurrent.futures import ThreadPoolExecutor

    starts = [msk("2024-01-01T00:00") + timedelta(hours=37 * i) for i in range(800)]
    expected = [CAL.add(s, 900) for s in starts]
    shared = BusinessCalendar()
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda s: shared.add(s, 900), starts))
    assert got == expected

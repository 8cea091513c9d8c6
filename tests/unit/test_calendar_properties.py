"""Properties of business-time arithmetic, checked with hypothesis (S-CAL-2)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yudesk.calendar import MOSCOW, BusinessCalendar, Override

# Late-2027 starts can run into 2028, which has no data file: its warning is expected.
pytestmark = pytest.mark.filterwarnings(
    "ignore::yudesk.calendar.production.CalendarFallbackWarning"
)

MON = datetime(2025, 6, 2).date()
CAL = BusinessCalendar()
# Overrides make the interval list irregular: the properties must hold there too.
CAL_WITH_OVERRIDES = BusinessCalendar(
    [
        Override(
            "break",
            starts_at=datetime(2025, 6, 2, 12, 0, tzinfo=MOSCOW),
            ends_at=datetime(2025, 6, 2, 13, 30, tzinfo=MOSCOW),
            reason="outage",
        ),
        Override(
            "working",
            MON + timedelta(days=5),
            MON + timedelta(days=5),
            opens=time(10),
            closes=time(14),
            reason="extra Saturday",
        ),
        Override(
            "hours",
            MON + timedelta(days=2),
            MON + timedelta(days=3),
            opens=time(11),
            closes=time(15),
            reason="short days",
        ),
    ]
)

# Starts anywhere in 2024–2027, any second, in Moscow or another zone.
naive_starts = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 20, 23, 59, 59)
).map(lambda t: t.replace(microsecond=0))
zones = st.sampled_from([MOSCOW, UTC, timezone(timedelta(hours=-5)), None])
starts = st.builds(lambda t, z: t if z is None else t.replace(tzinfo=z), naive_starts, zones)
june_starts = st.datetimes(min_value=datetime(2025, 5, 30), max_value=datetime(2025, 6, 10)).map(
    lambda t: t.replace(microsecond=0)
)
calendars = st.sampled_from([CAL, CAL_WITH_OVERRIDES])
minutes = st.integers(min_value=0, max_value=5_000)


@given(starts, minutes, st.integers(min_value=1, max_value=5_000))
def test_adding_twice_equals_adding_the_sum(s: datetime, a: int, b: int) -> None:
    """S-CAL-2: add(add(s, A), B) == add(s, A + B) (B > 0: add(t, 0) is the next opening)."""
    assert CAL.add(CAL.add(s, a), b) == CAL.add(s, a + b)


@given(starts, minutes)
def test_between_inverts_add(s: datetime, n: int) -> None:
    """S-CAL-2: between(s, add(s, n)) == n."""
    assert CAL.between(s, CAL.add(s, n)) == n


@given(st.one_of(starts, june_starts), st.integers(min_value=1, max_value=5_000), calendars)
def test_deadline_is_open_or_a_closing_time(s: datetime, n: int, cal: BusinessCalendar) -> None:
    """S-CAL-2: a deadline never falls outside business hours unless it is a closing time."""
    due = cal.add(s, n)
    closings = {end for _, end in cal.day(due.date()).intervals}
    assert cal.is_open(due) or due in closings
    assert due > (s if s.tzinfo else s.replace(tzinfo=MOSCOW))


@given(june_starts, st.integers(min_value=0, max_value=3_000), calendars)
def test_add_inverts_between_with_overrides(s: datetime, n: int, cal: BusinessCalendar) -> None:
    """S-CAL-2: between and add agree on a calendar with breaks and changed hours."""
    assert cal.between(s, cal.add(s, n)) == n


def minute_stepping(cal: BusinessCalendar, start: datetime, n: int) -> datetime:
    """The obvious, slow reference: walk minute by minute, counting open ones."""
    t = start.replace(tzinfo=MOSCOW) if start.tzinfo is None else start.astimezone(MOSCOW)
    if n == 0:
        while not cal.is_open(t):
            t += timedelta(minutes=1)
        return t
    while n:
        if cal.is_open(t):
            n -= 1
        t += timedelta(minutes=1)
    return t


@settings(max_examples=60, deadline=None)
@given(
    st.one_of(naive_starts, june_starts).map(lambda t: t.replace(second=0)),
    st.integers(min_value=0, max_value=1_500),
    calendars,
)
def test_add_matches_minute_stepping(s: datetime, n: int, cal: BusinessCalendar) -> None:
    """S-CAL-2: the fast path equals walking minute by minute."""
    assert cal.add(s, n) == minute_stepping(cal, s, n)


def test_property_tests_are_not_timed() -> None:
    """S-CAL-2: properties are checked for what they compute, never against a clock: a slow
    example on a loaded machine must not fail them (tests/conftest.py's hypothesis profile;
    speed is measured by bench/)."""
    assert settings.default.deadline is None

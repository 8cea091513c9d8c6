"""Operator overrides: closures, breaks, changed hours, extra working days (S-CAL-1)."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, date, datetime, time, timedelta

import pytest

from yudesk.calendar import MOSCOW, BusinessCalendar, Override, validate_override
from yudesk.errors import CalendarError

MON = date(2025, 6, 2)  # an ordinary Monday
SAT = date(2025, 6, 7)


def msk(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=MOSCOW)


def hours(cal: BusinessCalendar, d: date) -> list[tuple[str, str]]:
    return [(f"{a:%H:%M}", f"{b:%H:%M}") for a, b in cal.day(d).intervals]


def test_override_has_the_agreed_columns() -> None:
    """S-CAL-1: the dataclass matches the `calendar_overrides` table the integrator builds."""
    assert [f.name for f in fields(Override)] == [
        "kind",
        "day_from",
        "day_to",
        "opens",
        "closes",
        "starts_at",
        "ends_at",
        "reason",
    ]


def test_closed_day_has_no_business_time() -> None:
    """S-CAL-1: a "closed" override removes whole days; deadlines skip them."""
    cal = BusinessCalendar([Override("closed", MON, MON, reason="office move")])
    info = cal.day(MON)
    assert info.kind == "holiday" and info.intervals == ()
    assert info.reasons == ("office move",)
    assert cal.add(msk("2025-05-30T17:30"), 60) == msk("2025-06-03T09:30")


def test_break_splits_a_day_in_two() -> None:
    """S-CAL-1: an emergency break between two instants cuts the day's interval."""
    brk = Override(
        "break", starts_at=msk("2025-06-02T12:00"), ends_at=msk("2025-06-02T13:30"), reason="outage"
    )
    cal = BusinessCalendar([brk])
    assert hours(cal, MON) == [("09:00", "12:00"), ("13:30", "18:00")]
    assert cal.add(msk("2025-06-02T11:30"), 60) == msk("2025-06-02T14:00")
    assert not cal.is_open(msk("2025-06-02T12:45"))
    assert cal.between(msk("2025-06-02T09:00"), msk("2025-06-02T18:00")) == 450


def test_break_across_midnight_in_another_zone() -> None:
    """S-CAL-1: a break given in UTC that spans two days cuts both."""
    utc = UTC
    brk = Override(
        "break",
        starts_at=datetime(2025, 6, 2, 14, 0, tzinfo=utc),  # 17:00 Moscow
        ends_at=datetime(2025, 6, 3, 7, 0, tzinfo=utc),  # 10:00 Moscow next day
        reason="data centre",
    )
    cal = BusinessCalendar([brk])
    assert hours(cal, MON) == [("09:00", "17:00")]
    assert hours(cal, MON + timedelta(days=1)) == [("10:00", "18:00")]


def test_changed_hours_apply_to_open_days_only() -> None:
    """S-CAL-1: "hours" changes the window of working days; it does not open a weekend."""
    o = Override("hours", MON, SAT, opens=time(10), closes=time(16), reason="short week")
    cal = BusinessCalendar([o])
    assert hours(cal, MON) == [("10:00", "16:00")]
    assert cal.day(MON).kind == "working"
    assert cal.day(SAT).intervals == ()
    assert cal.add(msk("2025-06-02T15:30"), 60) == msk("2025-06-03T10:30")


def test_extra_working_day() -> None:
    """S-CAL-1: a "working" override opens a day off with the given hours."""
    o = Override("working", SAT, SAT, opens=time(10), closes=time(14), reason="new decree")
    cal = BusinessCalendar([o])
    assert cal.day(SAT).kind == "working"
    assert hours(cal, SAT) == [("10:00", "14:00")]
    assert cal.add(msk("2025-06-06T17:30"), 60) == msk("2025-06-07T10:30")


def test_later_override_wins() -> None:
    """S-CAL-1: overrides apply in the order given; the later one wins on the same day."""
    closed = Override("closed", SAT, SAT, reason="closed after all")
    working = Override("working", SAT, SAT, opens=time(9), closes=time(13), reason="open")
    assert BusinessCalendar([working, closed]).day(SAT).intervals == ()
    assert hours(BusinessCalendar([closed, working]), SAT) == [("09:00", "13:00")]


def test_break_survives_a_later_change_of_hours() -> None:
    """S-CAL-1: breaks are cut after day-shaping overrides, whatever their order."""
    brk = Override(
        "break", starts_at=msk("2025-06-02T12:00"), ends_at=msk("2025-06-02T13:00"), reason="x"
    )
    later = Override("hours", MON, MON, opens=time(8), closes=time(20), reason="long day")
    assert hours(BusinessCalendar([brk, later]), MON) == [("08:00", "12:00"), ("13:00", "20:00")]


def test_override_on_a_holiday_season_range() -> None:
    """S-CAL-1: a closed range over New Year extends the holidays."""
    o = Override("closed", date(2026, 1, 12), date(2026, 1, 13), reason="stocktaking")
    cal = BusinessCalendar([o])
    assert cal.add(msk("2025-12-30T17:30"), 60) == msk("2026-01-14T09:30")


@pytest.mark.filterwarnings("ignore::yudesk.calendar.production.CalendarFallbackWarning")
def test_everything_closed_is_an_error_not_a_hang() -> None:
    """S-CAL-1: overrides that leave no business time give a clear error."""
    o = Override("closed", date(2025, 1, 1), date(2040, 12, 31), reason="closed for good")
    with pytest.raises(CalendarError, match="overrides"):
        BusinessCalendar([o]).add(msk("2025-06-02T10:00"), 60)


BAD_OVERRIDES = [
    (Override("holiday", MON, MON, reason="r"), "kind"),
    (Override("closed", MON, None, reason="r"), "day_to"),
    (Override("closed", MON, MON, reason=" "), "reason"),
    (Override("closed", MON, MON, opens=time(9), reason="r"), "does not take opens"),
    (Override("closed", SAT, MON, reason="r"), "before it starts"),
    (Override("hours", MON, MON, opens=time(10), reason="r"), "closes"),
    (Override("hours", MON, MON, opens=time(10), closes=time(10), reason="r"), "not after"),
    (Override("working", MON, MON, opens=time(18), closes=time(9), reason="r"), "not after"),
    (Override("break", starts_at=msk("2025-06-02T12:00"), reason="r"), "ends_at"),
    (
        Override(
            "break", starts_at=msk("2025-06-02T12:00"), ends_at=msk("2025-06-02T11:00"), reason="r"
        ),
        "before it starts",
    ),
    (Override("closed", "2025-06-02", MON, reason="r"), "must be a date"),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(("override", "message"), BAD_OVERRIDES)
def test_nonsense_overrides_are_refused(override: Override, message: str) -> None:
    """S-CAL-1: validation says what is wrong with an override."""
    with pytest.raises(CalendarError, match=message):
        validate_override(override)


def test_calendar_refuses_invalid_overrides() -> None:
    """S-CAL-1: a bad row is reported when the calendar is built, not half-applied."""
    with pytest.raises(CalendarError):
        BusinessCalendar([Override("hours", MON, MON, opens=time(12), closes=time(9), reason="r")])


def test_naive_break_times_are_moscow() -> None:
    """S-CAL-1: naive instants (as SQLite returns them) are Moscow time."""
    brk = Override(
        "break",
        starts_at=datetime(2025, 6, 2, 12, 0),
        ends_at=datetime(2025, 6, 2, 13, 0),
        reason="r",
    )
    assert hours(BusinessCalendar([validate_override(brk)]), MON)[0] == ("09:00", "12:00")


def test_shared_calendar_is_rebuilt_when_overrides_change() -> None:
    """S-CAL-1: the process keeps one calendar per set of overrides (the intake asks for it in
    every batch), and an override added by an operator gives a calendar that honours it."""
    from yudesk.calendar.business import calendar_with

    closure = Override("closed", day_from=MON, day_to=MON, reason="office move")
    plain = calendar_with([])
    assert calendar_with([]) is plain
    closed = calendar_with([closure])
    assert closed is not plain
    assert (
        calendar_with([Override("closed", day_from=MON, day_to=MON, reason="office move")])
        is closed
    )
    assert hours(plain, MON) == [("09:00", "18:00")]
    assert hours(closed, MON) == []

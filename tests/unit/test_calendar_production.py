"""The production calendar data: totals, tricky days, the `holidays` cross-check (S-CAL-1)."""

from __future__ import annotations

import warnings
from datetime import date, time, timedelta
from pathlib import Path

import holidays
import pytest

from yudesk.calendar import BusinessCalendar, CalendarFallbackWarning, load_year
from yudesk.calendar.fallback import derive_year
from yudesk.calendar.production import data_file, parse_year_file
from yudesk.errors import CalendarError

YEARS = (2024, 2025, 2026, 2027)
OFFICIAL_TOTALS = {2024: (248, 1979), 2025: (247, 1972), 2026: (247, 1972), 2027: (247, 1972)}
DECREES = {2024: "№ 1314", 2025: "№ 1335", 2026: "№ 1466", 2027: "№ 1187"}


@pytest.mark.parametrize("year", YEARS)
def test_yearly_totals_match_official_figures(year: int) -> None:
    """S-CAL-1: working days and 40-hour-week hours reproduce the published totals."""
    assert load_year(year).totals() == OFFICIAL_TOTALS[year]


@pytest.mark.parametrize("year", YEARS)
def test_each_year_file_cites_its_decree(year: int) -> None:
    """S-CAL-1: the data names the government decree it was taken from."""
    assert DECREES[year] in load_year(year).source
    assert not load_year(year).fallback


# (day, kind, closing time or None for a day off)
TRICKY_DAYS = [
    ("2024-01-08", "holiday", None),  # last New Year holiday
    ("2024-01-09", "working", time(18)),
    ("2024-02-22", "shortened", time(17)),
    ("2024-04-27", "working", time(18)),  # working Saturday, 8 h: replaces Mon 29 Apr
    ("2024-04-29", "holiday", None),
    ("2024-04-30", "holiday", None),
    ("2024-11-02", "shortened", time(17)),  # working Saturday replacing the eve of 1 May
    ("2024-12-28", "working", time(18)),  # working Saturday, 8 h: 31 Dec is only a transfer
    ("2024-12-30", "holiday", None),
    ("2024-12-31", "holiday", None),
    ("2025-01-09", "working", time(18)),
    ("2025-02-24", "working", time(18)),  # 23 Feb (Sun) moved to 8 May by decree, not here
    ("2025-03-07", "shortened", time(17)),  # eve of 8 March, a Saturday
    ("2025-04-30", "shortened", time(17)),
    ("2025-05-07", "working", time(18)),  # 8 May is a day off only by transfer
    ("2025-05-08", "holiday", None),
    ("2025-11-01", "shortened", time(17)),  # working Saturday, 7 h: replaces eve of 4 Nov
    ("2025-11-03", "holiday", None),
    ("2025-12-30", "working", time(18)),  # 31 Dec is a transfer: no shortening
    ("2025-12-31", "holiday", None),
    ("2026-01-09", "holiday", None),
    ("2026-01-12", "working", time(18)),
    ("2026-03-06", "working", time(18)),  # a weekend lies between it and 8 March
    ("2026-03-08", "holiday", None),  # holiday on a Sunday is still a holiday
    ("2026-03-09", "holiday", None),  # ... moved to Monday by art. 112 p. 2
    ("2026-05-08", "shortened", time(17)),
    ("2026-05-11", "holiday", None),
    ("2026-11-03", "shortened", time(17)),
    ("2026-12-31", "holiday", None),
    ("2027-02-20", "shortened", time(17)),  # working Saturday replacing the eve of 23 Feb
    ("2027-02-22", "holiday", None),
    ("2027-11-05", "holiday", None),
    ("2025-06-14", "weekend", None),
]


@pytest.mark.parametrize(("day", "kind", "closes"), TRICKY_DAYS)
def test_tricky_days_have_the_right_kind_and_hours(
    day: str, kind: str, closes: time | None
) -> None:
    """S-CAL-1: transfers, working Saturdays and shortened days, as the decrees say."""
    info = BusinessCalendar().day(date.fromisoformat(day))
    assert info.kind == kind
    if closes is None:
        assert info.intervals == ()
        assert info.opens is None and info.closes is None
    else:
        assert info.opens is not None and info.closes is not None
        assert info.opens.time() == time(9)
        assert info.closes.time() == closes


def _days(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=i) for i in range((date(year + 1, 1, 1) - first).days)]


@pytest.mark.parametrize("year", YEARS)
def test_data_agrees_with_holidays_package(year: int) -> None:
    """S-CAL-1: every day's working status and holiday status match `holidays.RU`."""
    ru = holidays.RU(years=year)
    production = load_year(year)
    assert production.working_weekends == frozenset(ru.weekend_workdays)
    for d in _days(year):
        kind = production.kind(d)
        assert (kind in ("working", "shortened")) == ru.is_working_day(d), d
        assert (kind == "holiday") == (d in ru), d


@pytest.mark.parametrize("year", YEARS)
def test_art_95_derivation_reproduces_the_data_files(year: int) -> None:
    """S-CAL-1: the fallback rules give the same calendar as the hand-written files."""
    derived, stored = derive_year(year), load_year(year)
    assert derived.shortened == stored.shortened
    assert derived.transferred_days_off == stored.transferred_days_off
    assert derived.working_weekends == stored.working_weekends
    assert derived.totals() == stored.totals()


def test_year_without_file_falls_back_with_a_warning() -> None:
    """S-CAL-1: a year with no data file is derived from `holidays` and says so."""
    cal = BusinessCalendar()
    with pytest.warns(CalendarFallbackWarning, match="2030"):
        info = cal.day(date(2030, 3, 7))
    assert info.kind == "shortened"  # eve of 8 March, by art. 95
    assert cal.day(date(2030, 1, 8)).kind == "holiday"


def test_fallback_applies_art_112_p2_to_weekend_holidays() -> None:
    """S-CAL-1: a weekend holiday the package did not move goes to the next working day."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CalendarFallbackWarning)
        assert BusinessCalendar().day(date(2030, 2, 25)).kind == "holiday"  # 23 Feb is a Sat


def test_fallback_warning_is_given_once_per_calendar() -> None:
    """S-CAL-1: the warning names the year once, not on every deadline."""
    cal = BusinessCalendar()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cal.day(date(2031, 5, 5))
        cal.day(date(2031, 6, 6))
    assert [type(w.message) for w in caught] == [CalendarFallbackWarning]


def test_data_file_with_wrong_totals_is_refused(tmp_path: Path) -> None:
    """S-CAL-1: a typo in a data file is caught when it is loaded."""
    good = data_file(2025)
    bad = tmp_path / "2025.yaml"
    bad.write_text(good.read_text(encoding="utf-8").replace("  - 2025-04-30\n", ""), "utf-8")
    with pytest.raises(CalendarError, match="totals"):
        parse_year_file(bad, 2025)


def test_data_file_with_shortened_day_off_is_refused(tmp_path: Path) -> None:
    """S-CAL-1: a shortened day must be a working day."""
    good = data_file(2025)
    bad = tmp_path / "2025.yaml"
    bad.write_text(
        good.read_text(encoding="utf-8").replace("  - 2025-04-30\n", "  - 2025-05-01\n"), "utf-8"
    )
    with pytest.raises(CalendarError, match="2025-05-01"):
        parse_year_file(bad, 2025)

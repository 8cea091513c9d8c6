"""The production calendar of one year: which days are holidays, transfers, working
weekends and shortened days. Read from `ru/<year>.yaml`; a year without a file is derived
from the `holidays` package (see `fallback.py`) with a warning.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml

from yudesk.errors import CalendarError

DATA_DIR = Path(__file__).parent / "ru"

# The years a calendar can be given for: `holidays.RU` covers 1991–2100, and the
# five-day week with today's art. 112 starts in 1992.
FIRST_YEAR, LAST_YEAR = 1992, 2100

DayKind = Literal["working", "shortened", "holiday", "weekend"]

# Art. 112 p. 1 of the Labour Code, as (month, day).
ART_112_HOLIDAYS: tuple[tuple[int, int], ...] = (
    *((1, day) for day in range(1, 9)),
    (2, 23),
    (3, 8),
    (5, 1),
    (5, 9),
    (6, 12),
    (11, 4),
)


class CalendarFallbackWarning(UserWarning):
    """A year is computed without a data file, so decree transfers may be missing."""


@dataclass(frozen=True)
class ProductionYear:
    year: int
    holidays: frozenset[date]
    transferred_days_off: frozenset[date]
    working_weekends: frozenset[date]
    shortened: frozenset[date]
    source: str
    fallback: bool = False

    def kind(self, d: date) -> DayKind:
        if d in self.working_weekends:
            return "shortened" if d in self.shortened else "working"
        if d in self.holidays or d in self.transferred_days_off:
            return "holiday"
        if d.weekday() >= 5:
            return "weekend"
        return "shortened" if d in self.shortened else "working"

    def days(self) -> list[date]:
        return days_of_year(self.year)

    def totals(self) -> tuple[int, int]:
        """(working days, hours at a 40-hour week) — the figures decrees are checked by."""
        kinds = [self.kind(d) for d in self.days()]
        working = sum(k in ("working", "shortened") for k in kinds)
        shortened = sum(k == "shortened" for k in kinds)
        return working, working * 8 - shortened


def days_of_year(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=i) for i in range((date(year + 1, 1, 1) - first).days)]


def art_112_dates(year: int) -> frozenset[date]:
    return frozenset(date(year, m, d) for m, d in ART_112_HOLIDAYS)


def data_file(year: int) -> Path:
    return DATA_DIR / f"{year}.yaml"


@lru_cache(maxsize=64)
def load_year(year: int) -> ProductionYear:
    """The year's calendar; cached because the data is immutable for the process."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CalendarError(
            f"no production calendar for {year}: only {FIRST_YEAR}–{LAST_YEAR} can be known"
        )
    path = data_file(year)
    if path.exists():
        return parse_year_file(path, year)
    from yudesk.calendar.fallback import derive_year

    return derive_year(year)


def warn_fallback(year: int) -> None:
    warnings.warn(
        f"no production calendar file for {year} ({data_file(year)}): using the `holidays` "
        f"package and the art. 95 rule, so {year}'s decree transfers and working Saturdays "
        f"may be missing; add the file once the government decree is published",
        CalendarFallbackWarning,
        stacklevel=2,
    )


def parse_year_file(path: Path, year: int) -> ProductionYear:
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_loader())
    except (OSError, yaml.YAMLError) as exc:
        raise CalendarError(f"cannot read calendar file {path}: {exc}") from exc
    if not isinstance(raw, dict):
        raise CalendarError(f"calendar file {path} must be a mapping with year, holidays, ...")
    where = str(path)
    if raw.get("year") != year:
        raise CalendarError(f"{where}: says year {raw.get('year')!r}, expected {year}")
    holidays = _dates(raw.get("holidays"), "holidays", where, year)
    off = _dates(_entry_dates(raw, "transferred_days_off", where), "", where, year)
    weekends = _dates(_entry_dates(raw, "working_weekends", where), "", where, year)
    shortened = _dates(raw.get("shortened"), "shortened", where, year)
    source = raw.get("source") or {}
    decree = source.get("decree", "") if isinstance(source, dict) else str(source)
    result = ProductionYear(year, holidays, off, weekends, shortened, decree)
    _check_consistency(result, raw.get("totals") or {}, where)
    return result


def _loader() -> type[yaml.SafeLoader]:
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _entry_dates(raw: dict[str, Any], key: str, where: str) -> list[Any]:
    entries = raw.get(key) or []
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise CalendarError(f"{where}: `{key}` must be a list of {{date: ..., ...}} entries")
    return [e.get("date") for e in entries]


def _dates(values: Any, key: str, where: str, year: int) -> frozenset[date]:
    values = values or []
    if not isinstance(values, list):
        raise CalendarError(f"{where}: `{key}` must be a list of dates")
    for value in values:
        if not isinstance(value, date) or value.year != year:
            raise CalendarError(f"{where}: {value!r} is not a date in {year}")
    return frozenset(values)


def _check_consistency(py: ProductionYear, totals: dict[str, Any], where: str) -> None:
    # The data is hand-typed from a decree: contradictions and totals that differ from
    # the published ones mean a typo, and a wrong calendar silently moves every deadline.
    for d in py.working_weekends:
        if d.weekday() < 5:
            raise CalendarError(f"{where}: working weekend {d} is not a Saturday or Sunday")
        if d in py.holidays:
            raise CalendarError(f"{where}: {d} is both a holiday and a working weekend day")
    for d in py.transferred_days_off:
        if d.weekday() >= 5:
            raise CalendarError(f"{where}: transferred day off {d} falls on a weekend")
    for d in py.shortened:
        if py.kind(d) != "shortened":
            raise CalendarError(f"{where}: shortened day {d} is not a working day")
    expected = (totals.get("working_days"), totals.get("hours_40"))
    if None not in expected and py.totals() != expected:
        raise CalendarError(
            f"{where}: the lists give {py.totals()[0]} working days and {py.totals()[1]} hours, "
            f"but `totals` says {expected[0]} and {expected[1]}; fix the lists or the totals"
        )

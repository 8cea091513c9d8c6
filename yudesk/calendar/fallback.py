"""A year without a data file, derived from the `holidays` package and the Labour Code.

`holidays.RU` knows the decree transfers it has been taught and the working weekend days,
but not shortened days; art. 95 supplies those. This is a stop-gap until somebody writes
`ru/<year>.yaml` from the published decree.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from yudesk.calendar.production import ProductionYear, art_112_dates, days_of_year

_SUBSTITUTED = re.compile(r"substituted from (\d{2})/(\d{2})/(\d{4})")


def derive_year(year: int) -> ProductionYear:
    import holidays  # imported here: it is slow to import and only needed for odd years

    known = holidays.country_holidays("RU", years=year, language="en_US")
    art112 = art_112_dates(year)
    days_off = {d for d in known if d.year == year and d not in art112 and d.weekday() < 5}
    working_weekends = frozenset(d for d in known.weekend_workdays if d.year == year)
    days_off |= _art_112_p2_days_off(known, art112, days_off, working_weekends)
    replaced = _replaced_weekdays(known, working_weekends)

    def is_working(d: date) -> bool:
        if d in working_weekends:
            return True
        return d.weekday() < 5 and d not in days_off and d not in art112

    shortened = set()
    for d in days_of_year(year):
        if not is_working(d):
            continue
        # A working weekend day lasts as long as the weekday it stands in for (order 588н).
        eve_of = replaced.get(d, d) + timedelta(days=1)
        if eve_of in art112 or d + timedelta(days=1) in art112:
            shortened.add(d)
    return ProductionYear(
        year=year,
        holidays=frozenset(art112),
        transferred_days_off=frozenset(days_off),
        working_weekends=working_weekends,
        shortened=frozenset(shortened),
        source="derived from the `holidays` package and ТК РФ ст. 95, 112 (no data file)",
        fallback=True,
    )


def _art_112_p2_days_off(
    known: object, art112: frozenset[date], days_off: set[date], working: frozenset[date]
) -> set[date]:
    """Weekend holidays the package did not move: the law moves them to the next working day.

    The package only knows the moves of years it has been taught; without this a future
    year would silently lose e.g. the Monday after a Saturday 23 February.
    """
    labels = " ; ".join(str(name) for name in known.values())  # type: ignore[attr-defined]
    moved: set[date] = set()
    for holiday in sorted(art112):
        if holiday.weekday() < 5 or holiday.month == 1:
            continue  # 1–8 January weekends are redistributed only by decree (p. 5)
        name = str(known.get(holiday, ""))  # type: ignore[attr-defined]
        if f"{name} (observed)" in labels or f"from {holiday:%m/%d/%Y}" in labels:
            continue
        day = holiday + timedelta(days=1)
        while day.weekday() >= 5 or day in art112 or day in days_off | moved or day in working:
            day += timedelta(days=1)
        if day.year == holiday.year:
            moved.add(day)
    return moved


def _replaced_weekdays(known: object, working_weekends: frozenset[date]) -> dict[date, date]:
    """Working weekend day -> the weekday whose day off it took, from the package's labels."""
    replaced: dict[date, date] = {}
    for day, name in known.items():  # type: ignore[attr-defined]
        for label in str(name).split("; "):
            match = _SUBSTITUTED.search(label)
            if match:
                month, dom, yr = (int(g) for g in match.groups())
                source = datetime(yr, month, dom).date()
                if source in working_weekends:
                    replaced[source] = day
    return replaced

"""A year of the calendar as a Rich month grid (`yudesk calendar show`)."""

from __future__ import annotations

import calendar as stdlib_calendar
from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from yudesk.calendar.days import DayInfo

_STYLES = {"working": "", "shortened": "yellow", "holiday": "bold red", "weekend": "red"}
LEGEND = (
    "h holiday or transferred day off · * shortened (-1 h)\n"
    "+ working weekend day · ! changed by an override"
)


def mark(info: DayInfo) -> str:
    """Markers that carry the meaning without colour, for piped output."""
    marks = ""
    if info.kind in ("working", "shortened") and info.date.weekday() >= 5:
        marks += "+"
    if info.kind == "shortened":
        marks += "*"
    if info.kind == "holiday":
        marks += "h"
    if info.reasons:
        marks += "!"
    return marks


def month_table(year: int, month: int, days: dict[int, DayInfo]) -> Table:
    table = Table(
        title=f"{stdlib_calendar.month_name[month]} {year}",
        show_edge=False,
        box=None,
        pad_edge=False,
        padding=(0, 1, 0, 0),
    )
    for name in ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"):
        table.add_column(name, justify="left", min_width=3)
    for week in stdlib_calendar.Calendar().monthdayscalendar(year, month):
        cells: list[Text] = []
        for dom in week:
            if dom == 0:
                cells.append(Text(""))
                continue
            info = days[dom]
            cells.append(Text(f"{dom}{mark(info)}", style=_STYLES[info.kind]))
        table.add_row(*cells)
    return table


def year_grid(year: int, days: Sequence[DayInfo], summary: Sequence[str]) -> RenderableType:
    by_month: dict[int, dict[int, DayInfo]] = {}
    for info in days:
        by_month.setdefault(info.date.month, {})[info.date.day] = info
    # Two months a row: three do not fit an 80-column terminal once markers are added.
    grid = Table.grid(padding=(1, 4))
    for _ in range(2):
        grid.add_column(vertical="top")
    for first in range(1, 13, 2):
        grid.add_row(*(month_table(year, m, by_month[m]) for m in range(first, first + 2)))
    return Group(grid, Text(""), Text(LEGEND, style="dim"), *(Text(line) for line in summary))

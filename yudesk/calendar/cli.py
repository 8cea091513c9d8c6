"""`yudesk calendar …`: deadlines, days, a year's grid and operator overrides.

Kept light to import: the database layer (`yudesk.calendar.store`, written by the
integrator) is imported only inside the commands that need it.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from typing import Annotated

import typer

from yudesk.calendar.business import BusinessCalendar
from yudesk.calendar.days import DayInfo
from yudesk.calendar.overrides import KINDS, Override, validate_override
from yudesk.calendar.tz import to_moscow
from yudesk.errors import CalendarError, YudeskError

app = typer.Typer(
    name="calendar",
    help="Russian production calendar and business-time deadlines (Europe/Moscow).",
    no_args_is_help=True,
)
override_app = typer.Typer(help="Operator overrides: closures, breaks, changed hours.")
app.add_typer(override_app, name="override")


@contextmanager
def _cli_errors() -> Iterator[None]:
    """Print errors and calendar warnings as one line each, without a traceback."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        except YudeskError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None
        finally:
            for w in caught:
                typer.echo(f"warning: {w.message}", err=True)


def load_stored_overrides() -> list[Override]:
    """The overrides in the database, or none when there is no database layer (yet)."""
    try:
        from yudesk.calendar.store import load_overrides
    except ImportError:
        return []
    try:
        return list(load_overrides())
    except YudeskError:
        raise
    except Exception as exc:  # e.g. before `yudesk init`: the calendar must still answer
        first_line = str(exc).splitlines()[0] if str(exc) else ""
        typer.echo(
            f"warning: calendar overrides not loaded ({type(exc).__name__}: {first_line}); "
            "using the production calendar alone",
            err=True,
        )
        return []


def _calendar() -> BusinessCalendar:
    return BusinessCalendar(load_stored_overrides())


def parse_instant(text: str, what: str) -> datetime:
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        raise CalendarError(
            f"{what} {text!r} is not an ISO-8601 date and time; "
            "use e.g. 2025-12-30T17:30 (Moscow) or 2025-12-30T17:30:00+03:00"
        ) from None


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CalendarError(f"{text!r} is not a date; use YYYY-MM-DD, e.g. 2025-11-01") from None


def parse_clock(text: str | None, what: str) -> time | None:
    if text is None:
        return None
    try:
        return time.fromisoformat(text.strip())
    except ValueError:
        raise CalendarError(
            f"{what} {text!r} is not a time of day; use HH:MM, e.g. 09:00"
        ) from None


def day_line(info: DayInfo) -> str:
    """`DATE KIND HH:MM-HH:MM`; a day split by a break lists each interval, comma-separated."""
    if not info.intervals:
        return f"{info.date.isoformat()} {info.kind} -"
    hours = ",".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in info.intervals)
    return f"{info.date.isoformat()} {info.kind} {hours}"


@app.command()
def deadline(
    start: Annotated[str, typer.Option("--start", help="ISO-8601 start; naive means Moscow time.")],
    hours: Annotated[float, typer.Option("--hours", help="Business hours to add, e.g. 16 or 0.5.")],
) -> None:
    """Print the deadline HOURS business hours after START, in Moscow time."""
    with _cli_errors():
        if not math.isfinite(hours) or hours < 0:
            raise CalendarError(f"--hours must be a non-negative number, got {hours}")
        begin = parse_instant(start, "--start")
        due = _calendar().add_delta(begin, timedelta(hours=hours))
        typer.echo(due.isoformat())


@app.command()
def day(dates: Annotated[list[str], typer.Argument(help="Dates as YYYY-MM-DD.")]) -> None:
    """Print each date's kind and business hours: DATE KIND HH:MM-HH:MM."""
    with _cli_errors():
        days = [parse_day(d) for d in dates]
        cal = _calendar()
        for d in days:
            typer.echo(day_line(cal.day(d)))


@app.command()
def show(year: Annotated[int, typer.Argument(help="Calendar year, e.g. 2025.")]) -> None:
    """Print the year as a month grid with its working days and hours."""
    with _cli_errors():
        from rich.console import Console

        from yudesk.calendar.grid import year_grid
        from yudesk.calendar.production import load_year

        days = _calendar().year(year)
        working, hours = load_year(year).totals()
        open_days = sum(info.is_open for info in days)
        open_minutes = sum(info.minutes for info in days)
        summary = [
            f"{year}: {working} working days, {hours} hours at a 40-hour week "
            "(production calendar)",
            f"open {open_days} days, {open_minutes / 60:g} business hours "
            "(09:00–18:00 Moscow, overrides applied)",
        ]
        Console().print(year_grid(year, days, summary))


@override_app.command("add")
def override_add(
    kind: Annotated[str, typer.Option("--kind", help=f"One of: {', '.join(KINDS)}.")],
    reason: Annotated[str, typer.Option("--reason", help="Why; shown to agents.")],
    day_from: Annotated[
        str | None, typer.Option("--from", help="First day (closed/hours/working).")
    ] = None,
    day_to: Annotated[
        str | None, typer.Option("--to", help="Last day, inclusive; default --from.")
    ] = None,
    opens: Annotated[str | None, typer.Option("--opens", help="HH:MM (hours/working).")] = None,
    closes: Annotated[str | None, typer.Option("--closes", help="HH:MM (hours/working).")] = None,
    starts_at: Annotated[str | None, typer.Option("--starts", help="ISO instant (break).")] = None,
    ends_at: Annotated[str | None, typer.Option("--ends", help="ISO instant (break).")] = None,
    author: Annotated[
        str | None, typer.Option("--author", help="Who adds it; default $USER.")
    ] = None,
) -> None:
    """Add an override; later overrides win over earlier ones."""
    with _cli_errors():
        first = parse_day(day_from) if day_from else None
        override = validate_override(
            Override(
                kind=kind,
                day_from=first,
                day_to=parse_day(day_to) if day_to else first,
                opens=parse_clock(opens, "--opens"),
                closes=parse_clock(closes, "--closes"),
                starts_at=parse_instant(starts_at, "--starts") if starts_at else None,
                ends_at=parse_instant(ends_at, "--ends") if ends_at else None,
                reason=reason,
            )
        )
        store = _store()
        override_id = store.add_override(override, author or _default_author())
        typer.echo(f"added override {override_id}")


@override_app.command("list")
def override_list() -> None:
    """List the overrides in the order they apply."""
    with _cli_errors():
        for override_id, o in _store().list_overrides():
            typer.echo(f"{override_id} {describe(o)}")


@override_app.command("remove")
def override_remove(
    override_id: Annotated[int, typer.Argument(help="Id from `list`.")],
) -> None:
    """Remove an override."""
    with _cli_errors():
        _store().remove_override(override_id)
        typer.echo(f"removed override {override_id}")


def describe(o: Override) -> str:
    if o.kind == "break":
        # The database hands instants back in UTC; operators think in Moscow time.
        starts, ends = to_moscow(o.starts_at), to_moscow(o.ends_at)  # type: ignore[arg-type]
        span = f"{starts.isoformat()}..{ends.isoformat()}"
    else:
        span = f"{o.day_from}..{o.day_to}"
        if o.opens is not None and o.closes is not None:
            span += f" {o.opens:%H:%M}-{o.closes:%H:%M}"
    return f"{o.kind} {span} {o.reason}"


def _store():  # type: ignore[no-untyped-def]
    try:
        from yudesk.calendar import store
    except ImportError as exc:
        raise CalendarError(
            f"calendar overrides need the database layer, not installed: {exc}"
        ) from exc
    return store


def _default_author() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no user name in a bare container: still record something
        return "operator"

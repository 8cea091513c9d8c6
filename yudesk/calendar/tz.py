"""Moscow time and the integer-microsecond instants the arithmetic runs on.

Instants are held as integer microseconds since the Unix epoch: exact (no float rounding),
cheap to compare and bisect, and independent of the zone the caller used.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from yudesk.errors import CalendarError

MOSCOW = ZoneInfo("Europe/Moscow")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
US_PER_SECOND = 1_000_000
US_PER_MINUTE = 60 * US_PER_SECOND


def to_moscow(t: datetime) -> datetime:
    """An aware Moscow datetime; a naive one is taken to be Moscow wall time already."""
    if not isinstance(t, datetime):
        raise CalendarError(f"expected a date and time, got {t!r}")
    if t.tzinfo is None:
        return t.replace(tzinfo=MOSCOW)
    return t.astimezone(MOSCOW)


def to_us(t: datetime) -> int:
    """Microseconds since the epoch; naive input means Moscow wall time."""
    if not isinstance(t, datetime):
        raise CalendarError(f"expected a date and time, got {t!r}")
    if t.tzinfo is None:
        t = t.replace(tzinfo=MOSCOW)
    td = t - _EPOCH
    return (td.days * 86_400 + td.seconds) * US_PER_SECOND + td.microseconds


def from_us(us: int) -> datetime:
    """The aware Moscow datetime of an instant in microseconds."""
    seconds, micro = divmod(us, US_PER_SECOND)
    t = datetime.fromtimestamp(seconds, MOSCOW)
    return t.replace(microsecond=micro) if micro else t


def local_us(d: date, at: time) -> int:
    """The instant of Moscow wall time `at` on day `d`."""
    return to_us(datetime.combine(d, at, tzinfo=MOSCOW))


def year_start_us(year: int) -> int:
    return local_us(date(year, 1, 1), time(0))


def year_of_us(us: int) -> int:
    return from_us(us).year


def timedelta_us(delta: timedelta) -> int:
    return (delta.days * 86_400 + delta.seconds) * US_PER_SECOND + delta.microseconds

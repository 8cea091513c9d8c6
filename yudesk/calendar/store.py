"""Operator overrides kept in the database and turned into calendar data (S-CAL-1)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import CalendarOverride
from models.db import session_scope
from yudesk.calendar.overrides import Override, validate_override
from yudesk.errors import NotFoundError
from yudesk.settings import get_settings


def _to_override(row: CalendarOverride) -> Override:
    return Override(
        kind=row.kind,
        day_from=row.day_from,
        day_to=row.day_to,
        opens=row.opens,
        closes=row.closes,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        reason=row.reason,
    )


def overrides_in(session: Session) -> list[Override]:
    """Every override in the order added: later ones win on conflict."""
    rows = session.scalars(select(CalendarOverride).order_by(CalendarOverride.id))
    return [_to_override(r) for r in rows]


def load_overrides() -> list[Override]:
    """Overrides for the calendar commands; none yet when `yudesk init` has not run."""
    settings = get_settings()
    if settings.database_url is None and not (settings.home / "yudesk.db").exists():
        return []  # connecting would create an empty SQLite file as a side effect
    with session_scope(settings.resolved_database_url) as session:
        return overrides_in(session)


def add_override(override: Override, author: str) -> int:
    validate_override(override)
    with session_scope(get_settings().resolved_database_url) as session:
        row = CalendarOverride(
            kind=override.kind,
            day_from=override.day_from,
            day_to=override.day_to,
            opens=override.opens,
            closes=override.closes,
            starts_at=override.starts_at,
            ends_at=override.ends_at,
            reason=override.reason,
            author=author,
        )
        session.add(row)
        session.flush()
        return row.id


def list_overrides() -> list[tuple[int, Override]]:
    with session_scope(get_settings().resolved_database_url) as session:
        rows = session.scalars(select(CalendarOverride).order_by(CalendarOverride.id))
        return [(r.id, _to_override(r)) for r in rows]


def remove_override(override_id: int) -> None:
    with session_scope(get_settings().resolved_database_url) as session:
        row = session.get(CalendarOverride, override_id)
        if row is None:
            raise NotFoundError(f"no calendar override {override_id}")
        session.delete(row)

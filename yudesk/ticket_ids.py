"""Human ticket IDs ``YU-<year>-<6 digits>`` and their allocation (S-ACK-1).

Numbers come from one counter row per year, bumped by a single atomic
``INSERT … ON CONFLICT DO UPDATE … RETURNING``: concurrent writers on SQLite and PostgreSQL
never get the same number; a rolled-back transaction may leave a gap, which is fine.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite

from models import TicketCounter

PREFIX = "YU"
TICKET_ID = re.compile(r"\bYU-(\d{4})-(\d{6,})\b", re.IGNORECASE)


def format_ticket_id(year: int, number: int) -> str:
    return f"{PREFIX}-{year:04d}-{number:06d}"


def _may_cite(text: str) -> bool:
    # Every ID has "yu-" in one of four cases; four substring scans cost a tenth of the
    # case-insensitive regex over a long text, and almost no message cites a ticket.
    return "YU-" in text or "yu-" in text or "Yu-" in text or "yU-" in text


def find_ticket_ids(text: str) -> list[str]:
    """Every ticket ID cited in a text, normalised to upper case, first occurrence first."""
    if not text or not _may_cite(text):
        return []
    seen: dict[str, None] = {}
    for match in TICKET_ID.finditer(text):
        seen.setdefault(format_ticket_id(int(match.group(1)), int(match.group(2))), None)
    return list(seen)


def allocate_numbers(connection: Connection, year: int, count: int) -> list[int]:
    """Reserve ``count`` consecutive numbers for ``year`` inside the caller's transaction."""
    if count <= 0:
        return []
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    table = TicketCounter.__table__
    stmt = dialect.insert(table).values(year=year, value=count)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.year], set_={"value": table.c.value + count}
    ).returning(table.c.value)
    last = connection.execute(stmt).scalar_one()
    return list(range(last - count + 1, last + 1))

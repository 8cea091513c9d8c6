"""Human ticket IDs ``YU-<year>-<6 digits>``: their format and finding them in text (S-ACK-1).

Pure: the intake's prepare worker scans messages for cited IDs without loading the database
layer. Numbers are allocated by ``tickets.allocate_numbers``.
"""

from __future__ import annotations

import re

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

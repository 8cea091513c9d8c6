"""Warnings before a reaction target is missed, and breach records when it is (S-CAL-3).

Each scan replays the clock of every ticket in the queue (operator overrides added since the
last transition move deadlines too), records what is due once per deadline — the unique key
(ticket, kind, due) makes a repeated scan a no-op — and gives agents a work item for each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from models import SlaRecord, Ticket, WorkItem
from yudesk import tickets
from yudesk.calendar import BusinessCalendar
from yudesk.settings import Settings
from yudesk.sla import tracking
from yudesk.sla.clock import DEFAULT_PRIORITY, ClockState, Targets, warning_at

WARNING = "warning"
BREACH = "breach"


@dataclass
class WatchReport:
    watched: int = 0
    warnings: int = 0
    breaches: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"watched": self.watched, "warnings": self.warnings, "breaches": self.breaches}


def warning_lead(settings: Settings, targets: Targets, state: ClockState) -> int:
    """min(lead minutes, lead share of the target): a 1-hour target is not warned at once."""
    assert state.clock is not None
    target = targets.minutes(state.clock, state.priority or DEFAULT_PRIORITY)
    return min(settings.sla_warning_lead_min, int(target * settings.sla_warning_lead_share))


def _insert_once(
    connection: Connection, model: type[Any], row: dict[str, Any], key: list[str]
) -> bool:
    """Insert unless the unique ``key`` exists; True when this call inserted the row.

    Asks the database with RETURNING instead of reading the cursor's rowcount, which the
    DB-API does not promise for INSERT … ON CONFLICT and which proved unreliable here.
    """
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    table = model.__table__
    stmt = (
        dialect.insert(table)
        .values(**row)
        .on_conflict_do_nothing(index_elements=key)
        .returning(table.c.id)
    )
    return connection.execute(stmt).first() is not None


def scan(
    session: Session, settings: Settings, calendar: BusinessCalendar, now: datetime
) -> WatchReport:
    report = WatchReport()
    targets = tracking.targets_from(settings)
    ids = session.scalars(
        select(Ticket.id).where(
            Ticket.status.in_(tickets.QUEUE_STATUSES), Ticket.reaction_due.is_not(None)
        )
    ).all()
    states = tracking.refresh_due(session, ids, targets, calendar)
    connection = session.connection()
    for tid, state in states.items():
        if not state.running or state.paused or state.due is None or state.clock is None:
            continue
        report.watched += 1
        if now >= state.due:
            kind = BREACH
        else:
            warn_at = warning_at(state, warning_lead(settings, targets, state), calendar, targets)
            if warn_at is None or now < warn_at:
                continue
            kind = WARNING
        row = {
            "ticket_id": tid,
            "kind": kind,
            "clock": state.clock,
            "due": state.due,
            "recorded_at": now,
        }
        if not _insert_once(connection, SlaRecord, row, ["ticket_id", "kind", "due"]):
            continue
        if kind == BREACH:
            report.breaches += 1
        else:
            report.warnings += 1
        _insert_once(
            connection,
            WorkItem,
            {
                "ticket_id": tid,
                "kind": f"sla_{kind}",
                "status": "open",
                "dedupe_key": f"sla_{kind}:{tid}:{state.due.isoformat()}",
                "created_at": now,
                "detail": {
                    "clock": state.clock,
                    "priority": state.priority,
                    "due": state.due.isoformat(),
                },
            },
            ["dedupe_key"],
        )
        tickets.audit(
            session,
            [
                {
                    "ticket_id": tid,
                    "at": now,
                    "actor": "system",
                    "surface": "flow",
                    "action": f"sla.{kind}",
                    "detail": {"clock": state.clock, "due": state.due.isoformat()},
                }
            ],
        )
    return report


def sla_flags(session: Session, human_ids: list[str]) -> dict[str, str]:
    """For the queue: 'breach' or 'warning' for tickets whose current deadline has one."""
    if not human_ids:
        return {}
    rows = session.execute(
        select(Ticket.human_id, SlaRecord.kind)
        .join(Ticket, Ticket.id == SlaRecord.ticket_id)
        .where(Ticket.human_id.in_(human_ids), SlaRecord.due == Ticket.reaction_due)
    )
    flags: dict[str, str] = {}
    for human_id, kind in rows:
        if flags.get(human_id) != BREACH:
            flags[human_id] = kind
    return flags

"""The SLA clock in the database: events are appended, the deadline is their replay (S-CAL-2)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from models import SlaEvent, Ticket
from yudesk.calendar import BusinessCalendar
from yudesk.settings import Settings
from yudesk.sla.clock import ClockEvent, ClockState, Targets, replay


def targets_from(settings: Settings) -> Targets:
    return Targets(
        first_reaction={
            "critical": settings.target_first_reaction_critical,
            "normal": settings.target_first_reaction_normal,
        },
        update={
            "critical": settings.target_update_critical,
            "normal": settings.target_update_normal,
        },
    )


def event_row(
    ticket_id: int, at: datetime, kind: str, clock: str | None = None, priority: str | None = None
) -> dict[str, Any]:
    return {"ticket_id": ticket_id, "at": at, "kind": kind, "clock": clock, "priority": priority}


def priority_of(critical: bool) -> str:
    return "critical" if critical else "normal"


def append_events(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        session.connection().execute(insert(SlaEvent.__table__), list(rows))


def states_for(
    session: Session, ticket_ids: Iterable[int], targets: Targets, calendar: BusinessCalendar
) -> dict[int, ClockState]:
    """Replay the events of each ticket; a ticket without events runs no clock."""
    ids = sorted(set(ticket_ids))
    events: dict[int, list[ClockEvent]] = defaultdict(list)
    for i in range(0, len(ids), 500):
        rows = session.scalars(
            select(SlaEvent).where(SlaEvent.ticket_id.in_(ids[i : i + 500])).order_by(SlaEvent.id)
        )
        for r in rows:
            events[r.ticket_id].append(
                ClockEvent(at=r.at, kind=r.kind, clock=r.clock, priority=r.priority)
            )
    return {tid: replay(events[tid], targets, calendar) for tid in ids if events[tid]}


def refresh_due(
    session: Session, ticket_ids: Iterable[int], targets: Targets, calendar: BusinessCalendar
) -> dict[int, ClockState]:
    """Recompute and cache ``tickets.reaction_due`` from the events (None when stopped/paused)."""
    ids = sorted(set(ticket_ids))
    states = states_for(session, ids, targets, calendar)
    params = [
        {
            "tid": tid,
            "due": states[tid].due
            if tid in states and states[tid].running and not states[tid].paused
            else None,
        }
        for tid in ids
    ]
    if params:
        table = Ticket.__table__
        session.connection().execute(
            update(table)
            .where(table.c.id == bindparam("tid"))
            .values(reaction_due=bindparam("due")),
            params,
        )
    return states

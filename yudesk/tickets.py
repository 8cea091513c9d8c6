"""Ticket operations and THE queue query (S-PRI-2) used by the CLI, the flows and the UI."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Select, case, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from models import AuditEvent, Customer, InboundMessageRow, Ticket, TicketCounter
from yudesk.errors import NotFoundError
from yudesk.ticket_ids import format_ticket_id

MOSCOW = ZoneInfo("Europe/Moscow")

NEW = "new"
OPEN = "open"
WAITING_CUSTOMER = "waiting_customer"
WAITING_RELEASE = "waiting_release"
CLOSED = "closed"
UNKNOWN_CONTACT = "unknown_contact"
LICENCE_EXPIRED = "licence_expired"

NOT_ENTITLED = (UNKNOWN_CONTACT, LICENCE_EXPIRED)
# Everything an agent still owns; closed and not-entitled records never enter the queue.
QUEUE_STATUSES = (NEW, OPEN, WAITING_CUSTOMER, WAITING_RELEASE)


@dataclass(frozen=True, slots=True)
class NewTicket:
    """What intake knows when it opens a ticket; IDs are allocated in one batch."""

    created_at: datetime
    customer_id: int | None
    contact_id: int | None
    sender: str
    channel: str
    subject: str
    status: str
    scope: str | None
    critical: bool
    abusive: bool
    credentials: bool
    evidence: tuple[str, ...]
    reaction_due: datetime | None = None  # known before the insert: no UPDATE after it


def allocate_numbers(connection: Connection, year: int, count: int) -> list[int]:
    """Reserve ``count`` consecutive numbers for ``year`` inside the caller's transaction.

    One counter row per year, bumped by a single atomic ``INSERT … ON CONFLICT DO UPDATE …
    RETURNING``: concurrent writers on SQLite and PostgreSQL never get the same number; a
    rolled-back transaction may leave a gap, which is fine.
    """
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


def open_tickets(session: Session, specs: Sequence[NewTicket]) -> list[tuple[int, str]]:
    """Insert tickets in one round trip; returns (row id, human id) in the order given."""
    if not specs:
        return []
    by_year: dict[int, list[int]] = {}
    for i, spec in enumerate(specs):
        by_year.setdefault(spec.created_at.year, []).append(i)
    human_ids: list[str] = [""] * len(specs)
    connection = session.connection()
    for year, indexes in sorted(by_year.items()):
        for i, number in zip(
            indexes, allocate_numbers(connection, year, len(indexes)), strict=True
        ):
            human_ids[i] = format_ticket_id(year, number)
    rows = [
        {
            "human_id": human_ids[i],
            "customer_id": s.customer_id,
            "contact_id": s.contact_id,
            "sender": s.sender,
            "channel": s.channel,
            "subject": s.subject,
            "status": s.status,
            "scope": s.scope,
            "critical": s.critical,
            "triage_scope": s.scope,
            "triage_critical": s.critical,
            "triage_evidence": list(s.evidence),
            "abusive": s.abusive,
            "credentials": s.credentials,
            "created_at": s.created_at,
            "updated_at": s.created_at,
            "reaction_due": s.reaction_due,
        }
        for i, s in enumerate(specs)
    ]
    table = Ticket.__table__  # Core, not the ORM bulk path: a fraction of the cost per row
    result = session.connection().execute(
        insert(table).returning(table.c.id, table.c.human_id), rows
    )
    ids = {human_id: row_id for row_id, human_id in result}
    return [(ids[h], h) for h in human_ids]


def audit(
    session: Session,
    events: Sequence[dict[str, Any]],
) -> None:
    """Bulk-write audit events: dicts with ticket_id, actor, surface, action, detail, at."""
    if events:
        session.connection().execute(insert(AuditEvent.__table__), list(events))


def get_ticket(session: Session, human_id: str) -> Ticket:
    ticket = session.scalar(select(Ticket).where(Ticket.human_id == human_id.upper()))
    if ticket is None:
        raise NotFoundError(f"no ticket {human_id}")
    return ticket


def queue_query() -> Select[tuple[Ticket]]:
    """The agents' work order: critical first, then arrival (FIFO). One query for every face."""
    return (
        select(Ticket)
        .where(Ticket.status.in_(QUEUE_STATUSES))
        .order_by(case((Ticket.critical, 0), else_=1), Ticket.created_at, Ticket.id)
    )


def all_tickets_query() -> Select[tuple[Ticket]]:
    return select(Ticket).order_by(Ticket.created_at, Ticket.id)


def ticket_rows(session: Session, query: Select[tuple[Ticket]]) -> list[dict[str, Any]]:
    """The public JSON shape of tickets (CLI contract), in the query's order."""
    counts = (
        select(InboundMessageRow.ticket_id, func.count().label("n"))
        .where(InboundMessageRow.ticket_id.is_not(None))
        .group_by(InboundMessageRow.ticket_id)
        .subquery()
    )
    stmt = (
        query.add_columns(Customer.name, func.coalesce(counts.c.n, 0))
        .outerjoin(Customer, Customer.id == Ticket.customer_id)
        .outerjoin(counts, counts.c.ticket_id == Ticket.id)
    )
    return [_public(t, name, n) for t, name, n in session.execute(stmt)]


def _public(t: Ticket, customer: str | None, messages: int) -> dict[str, Any]:
    return {
        "id": t.human_id,
        "subject": t.subject,
        "customer": customer,
        "channel": t.channel,
        "status": t.status,
        "scope": t.scope,
        "critical": t.critical,
        "abusive": t.abusive,
        "credentials": t.credentials,
        "messages": messages,
        "reaction_due": t.reaction_due.astimezone(MOSCOW).isoformat() if t.reaction_due else None,
    }

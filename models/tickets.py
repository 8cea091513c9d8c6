"""Tickets, their per-year ID counter, SLA clock events, audit trail and agents' work items."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class TicketCounter(Base):
    """Last issued number per year; bumped with one atomic UPSERT … RETURNING."""

    __tablename__ = "ticket_counters"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(default=0)


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        UniqueConstraint("human_id"),
        # The queue query (S-PRI-2) filters on status and orders by critical, arrival.
        Index("ix_tickets_queue", "status", "critical", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    human_id: Mapped[str] = mapped_column(String(20))  # YU-2026-000123
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    sender: Mapped[str] = mapped_column(String(320))
    channel: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(Text, default="")
    # new (waiting for the first reaction), open, waiting_customer, waiting_release, closed,
    # and the two not-entitled records: unknown_contact, licence_expired (S-ENT-2).
    status: Mapped[str] = mapped_column(String(30))
    # Effective classification (an agent override wins) and the classifier's original.
    scope: Mapped[str | None] = mapped_column(String(30))
    critical: Mapped[bool] = mapped_column(default=False)
    triage_scope: Mapped[str | None] = mapped_column(String(30))
    triage_critical: Mapped[bool] = mapped_column(default=False)
    triage_evidence: Mapped[list[str]] = mapped_column(JSON, default=list)
    abusive: Mapped[bool] = mapped_column(default=False)
    credentials: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    # Cached result of replaying the SLA events; None when no clock runs.
    reaction_due: Mapped[datetime | None]


class SlaEvent(Base):
    """One clock transition; the deadline is always recomputable by replaying these."""

    __tablename__ = "sla_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(20))  # start, stop, pause, resume, priority
    clock: Mapped[str | None] = mapped_column(String(20))
    priority: Mapped[str | None] = mapped_column(String(20))


class AuditEvent(Base):
    """Who did what to which ticket, when, from which surface."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    surface: Mapped[str] = mapped_column(String(20))  # intake, cli, ui, flow
    action: Mapped[str] = mapped_column(String(60))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class WorkItem(Base):
    """Something an agent must act on; ``dedupe_key`` keeps a cause from producing two."""

    __tablename__ = "work_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))  # respond, sla_warning, sla_breach, ...
    status: Mapped[str] = mapped_column(String(20), default="open")  # open, done, cancelled
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None]
    flow_run_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class SlaRecord(Base):
    """A warning or a breach of one deadline, recorded once (S-CAL-3)."""

    __tablename__ = "sla_records"
    __table_args__ = (UniqueConstraint("ticket_id", "kind", "due"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # warning, breach
    clock: Mapped[str] = mapped_column(String(20))
    due: Mapped[datetime]
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

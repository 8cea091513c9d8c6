"""What an agent does to a ticket, from any surface (CLI today, the UI form later); audited.

Clock rules (S-CAL-2): an agent's reaction (answer, info request, hand-off) stops the running
clock; waiting for the customer or for a release pauses any clock that starts meanwhile; the
customer's next message restarts the update clock (intake does that).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models import InboundMessageRow, Ticket
from yudesk import outbox, tickets
from yudesk.calendar import BusinessCalendar
from yudesk.desk import Desk
from yudesk.errors import InputError
from yudesk.replies.render import render
from yudesk.sla import tracking
from yudesk.triage.result import SCOPES

REACTIONS = ("answer", "ask-info", "ask-versions", "handoff")


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    surface: str  # cli, ui, flow


def _check_actionable(ticket: Ticket) -> None:
    if ticket.status in tickets.NOT_ENTITLED:
        raise InputError(
            f"{ticket.human_id} is a {ticket.status} record, not a ticket agents work on"
        )


def _last_inbound_message_id(session: Session, ticket: Ticket) -> str | None:
    return session.scalar(
        select(InboundMessageRow.message_id)
        .where(InboundMessageRow.ticket_id == ticket.id, InboundMessageRow.message_id.is_not(None))
        .order_by(InboundMessageRow.id.desc())
        .limit(1)
    )


def react(
    session: Session,
    desk: Desk,
    calendar: BusinessCalendar,
    human_id: str,
    action: str,
    actor: Actor,
    now: datetime,
    text: str | None = None,
) -> Ticket:
    """Answer / ask for info / ask for versions / hand off: a reaction that stops the clock."""
    if action not in REACTIONS:
        raise InputError(f"unknown reaction {action!r}; one of {', '.join(REACTIONS)}")
    ticket = tickets.get_ticket(session, human_id)
    _check_actionable(ticket)
    if ticket.status == tickets.CLOSED:
        raise InputError(f"{ticket.human_id} is closed")
    template = {
        "answer": "answer",
        "ask-info": "ask_info",
        "ask-versions": "ask_versions",
        "handoff": "handoff",
    }[action]
    if action == "answer" and not (text and text.strip()):
        raise InputError("an answer needs --text")
    subject, body = render(
        template,
        ticket_id=ticket.human_id,
        subject=ticket.subject,
        text=(text or "").strip(),
        support_name=desk.settings.support_name,
    )
    key = f"{template}:{ticket.id}:{now.isoformat()}"
    outbox.queue_rows(
        session,
        [
            outbox.reply_row(
                desk.settings,
                desk.secret_key,
                key=key,
                kind=template,
                channel=ticket.channel,
                recipient=ticket.sender,
                subject=subject,
                body=body,
                ticket_id=ticket.id,
                ticket_human_id=ticket.human_id,
                inbound_id=None,
                in_reply_to=_last_inbound_message_id(session, ticket),
                suppressed=None,
                now=now,
                automatic=False,
            )
        ],
    )
    events = [tracking.event_row(ticket.id, now, "stop")]
    new_status = {
        "ask-info": tickets.WAITING_CUSTOMER,
        "ask-versions": tickets.WAITING_CUSTOMER,
        "handoff": tickets.WAITING_RELEASE,
    }.get(action, tickets.OPEN)
    _transition(
        session,
        desk,
        calendar,
        ticket,
        new_status,
        events,
        actor,
        now,
        f"ticket.{action}",
        {"text_chars": len(text or "")},
    )
    return ticket


def close(
    session: Session,
    desk: Desk,
    calendar: BusinessCalendar,
    human_id: str,
    actor: Actor,
    now: datetime,
) -> Ticket:
    ticket = tickets.get_ticket(session, human_id)
    _check_actionable(ticket)
    ticket.closed_at = now
    purged = purge_credentials(session, ticket)
    if purged:
        tickets.audit(session, [{"ticket_id": ticket.id, "at": now, "actor": actor.name,
                                 "surface": actor.surface, "action": "credentials.purged",
                                 "detail": {"messages": purged}}])
    _transition(
        session,
        desk,
        calendar,
        ticket,
        tickets.CLOSED,
        [tracking.event_row(ticket.id, now, "stop")],
        actor,
        now,
        "ticket.closed",
        {},
    )
    return ticket


def purge_credentials(session: Session, ticket: Ticket) -> int:
    """Destroy the sealed originals of the ticket's messages (S-CRED-1: purged on close)."""
    result = session.execute(
        update(InboundMessageRow)
        .where(InboundMessageRow.ticket_id == ticket.id, InboundMessageRow.sealed.is_not(None))
        .values(sealed=None)
    )
    return result.rowcount or 0


def override_classification(
    session: Session,
    desk: Desk,
    calendar: BusinessCalendar,
    human_id: str,
    actor: Actor,
    now: datetime,
    scope: str | None = None,
    critical: bool | None = None,
) -> Ticket:
    """An agent's decision wins over the classifier's; both stay visible (S-SCOPE-1)."""
    if scope is not None and scope not in SCOPES:
        raise InputError(f"unknown scope {scope!r}; one of {', '.join(SCOPES)}")
    if scope is None and critical is None:
        raise InputError("override-scope needs --scope and/or --critical/--not-critical")
    ticket = tickets.get_ticket(session, human_id)
    before = {"scope": ticket.scope, "critical": ticket.critical}
    events: list[dict[str, Any]] = []
    if scope is not None:
        ticket.scope = scope
    if critical is not None and critical != ticket.critical:
        ticket.critical = critical
        events.append(
            tracking.event_row(ticket.id, now, "priority", priority=tracking.priority_of(critical))
        )
    after = {"scope": ticket.scope, "critical": ticket.critical}
    _transition(
        session,
        desk,
        calendar,
        ticket,
        ticket.status,
        events,
        actor,
        now,
        "ticket.classification_overridden",
        {
            "before": before,
            "after": after,
            "classifier": {"scope": ticket.triage_scope, "critical": ticket.triage_critical},
        },
    )
    return ticket


def _transition(
    session: Session,
    desk: Desk,
    calendar: BusinessCalendar,
    ticket: Ticket,
    status: str,
    events: list[dict[str, Any]],
    actor: Actor,
    now: datetime,
    action: str,
    detail: dict[str, Any],
) -> None:
    previous = ticket.status
    if status != previous:
        ticket.status = status
        if status in (tickets.WAITING_CUSTOMER, tickets.WAITING_RELEASE):
            events.append(tracking.event_row(ticket.id, now, "pause"))
        elif previous in (tickets.WAITING_CUSTOMER, tickets.WAITING_RELEASE):
            events.append(tracking.event_row(ticket.id, now, "resume"))
    ticket.updated_at = now
    session.flush()
    tracking.append_events(session, events)
    tickets.audit(
        session,
        [
            {
                "ticket_id": ticket.id,
                "at": now,
                "actor": actor.name,
                "surface": actor.surface,
                "action": action,
                "detail": {**detail, "from": previous, "to": status},
            }
        ],
    )
    tracking.refresh_due(session, [ticket.id], tracking.targets_from(desk.settings), calendar)
    session.refresh(ticket)

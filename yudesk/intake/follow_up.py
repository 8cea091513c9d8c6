"""Attach a message to the ticket it cites, but only for the same customer (S-ACK-2).

Citations, strongest first: a reference to a Message-ID we signed, the ticket tag in the
subject, the ticket ID in the text. A citation of another customer's ticket opens a new ticket
and is remembered only so that nothing of that ticket is ever quoted to this sender.
"""

from __future__ import annotations

from yudesk.intake.context import IntakeContext, IntakeEnv, TicketRef
from yudesk.intake.message import InboundMessage
from yudesk.signing import ticket_from_message_id
from yudesk.ticket_ids import find_ticket_ids


def cited_ticket_ids(ctx: IntakeContext, env: IntakeEnv) -> list[str]:
    msg = ctx.message
    cited: dict[str, None] = {}
    for reference in msg.in_reply_to:
        ticket_id = ticket_from_message_id(env.secret_key, reference)
        if ticket_id:
            cited.setdefault(ticket_id, None)
    in_text = ctx.analysis.cited if ctx.analysis is not None else ticket_ids_in(msg)
    for ticket_id in in_text:
        cited.setdefault(ticket_id, None)
    return list(cited)


def ticket_ids_in(msg: InboundMessage) -> tuple[str, ...]:
    """Ticket IDs in the subject, then the text (the message alone: computed ahead too)."""
    return tuple(find_ticket_ids(msg.subject) + find_ticket_ids(msg.text))


def may_append(ctx: IntakeContext, ticket: TicketRef) -> bool:
    if ctx.contact is not None:
        return ticket.customer_id == ctx.contact.customer_id
    # An unknown sender may only continue the record of their own earlier message.
    return ticket.customer_id is None and ticket.sender == ctx.message.sender != ""


def apply(ctx: IntakeContext, env: IntakeEnv) -> None:
    foreign: list[str] = []
    for ticket_id in cited_ticket_ids(ctx, env):
        ticket = env.directory.ticket(ticket_id)
        if ticket is None:
            continue
        if may_append(ctx, ticket):
            ctx.follow_up = ticket
            ctx.evidence.append(f"follow-up of {ticket.human_id}")
            break
        foreign.append(ticket_id)
    ctx.foreign_citations = tuple(foreign)

"""The one small interface every channel meets: fetch, ack what was stored, send."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from yudesk.intake.message import InboundMessage, RawMessage
from yudesk.pickling import pickled_by_fields


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """A reply ready for a channel; ``idempotency_key`` makes a repeated send a no-op."""

    idempotency_key: str
    channel: str
    recipient: str
    subject: str
    body: str
    message_id: str
    in_reply_to: str | None = None
    automatic: bool = True
    ticket_id: str | None = None


class Channel(Protocol):
    transport: str  # "maildir", "imap", "telegram", "whatsapp"
    channel: str  # the channel a customer sees: "email", "telegram", "whatsapp"
    parallel_sends: int  # how many send() calls may run at once (1 when not thread-safe)

    def fetch(self, limit: int | None = None) -> Iterator[RawMessage]:
        """Messages not yet acknowledged, oldest first."""
        ...

    def parse(self, raw: RawMessage) -> InboundMessage:
        """Turn a delivery into an InboundMessage; raise UnparseableMessage when impossible."""
        ...

    def ack(self, refs: Sequence[str]) -> None:
        """Called only after the messages are committed to the database."""
        ...

    def send(self, message: OutgoingMessage) -> None:
        """Deliver; must be idempotent on ``message.idempotency_key``."""
        ...

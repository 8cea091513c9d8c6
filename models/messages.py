"""Inbound messages (stored exactly once), their attachments, and the outbox (S-CH-2)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class InboundMessageRow(Base):
    __tablename__ = "inbound_messages"
    __table_args__ = (
        UniqueConstraint("channel", "channel_msg_id"),
        Index("ix_inbound_messages_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    channel_msg_id: Mapped[str] = mapped_column(String(500))
    transport: Mapped[str] = mapped_column(String(20))  # maildir, imap, telegram, whatsapp
    # received: stored, not yet through the filters; processed; ignored (loop/auto mail);
    # quarantined (could not be parsed; raw kept).
    status: Mapped[str] = mapped_column(String(20), default="received")
    status_reason: Mapped[str | None] = mapped_column(String(500))
    sender: Mapped[str] = mapped_column(String(320), default="")
    sender_name: Mapped[str | None] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    message_id: Mapped[str | None] = mapped_column(String(500))
    in_reply_to: Mapped[list[str]] = mapped_column(JSON, default=list)
    headers: Mapped[list[list[str]]] = mapped_column(JSON, default=list)
    parse_defects: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The message as delivered; empty when it carried credentials (then only ``sealed`` has it).
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    # Fernet-encrypted raw message of a message with credentials (S-CRED-1); subject, text and
    # headers above are stored masked. Purged (NULL) when the ticket closes.
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    has_secrets: Mapped[bool] = mapped_column(default=False)
    received_at: Mapped[datetime]
    stored_at: Mapped[datetime] = mapped_column(default=utcnow)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)


class AttachmentRow(Base):
    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("inbound_messages.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str | None] = mapped_column(String(500))
    content_type: Mapped[str] = mapped_column(String(200))
    size: Mapped[int]
    # None when over the size limit from settings; the raw message still holds it.
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    omitted_reason: Mapped[str | None] = mapped_column(String(200))


class OutboundMessageRow(Base):
    __tablename__ = "outbound_messages"
    __table_args__ = (Index("ix_outbound_messages_recipient_created", "recipient", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Deterministic per cause (e.g. "ack:<inbound id>"): a re-run cannot queue a reply twice.
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    inbound_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_messages.id"))
    channel: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str] = mapped_column(String(320))
    kind: Mapped[str] = mapped_column(String(40))  # ack, refusal_unknown, refusal_expired, ...
    automatic: Mapped[bool] = mapped_column(default=True)
    subject: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    message_id: Mapped[str] = mapped_column(String(500))
    in_reply_to: Mapped[str | None] = mapped_column(String(500))
    # pending → sent; suppressed (rate cap, unreplyable address) and failed keep the reason.
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    status_reason: Mapped[str | None] = mapped_column(String(500))
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

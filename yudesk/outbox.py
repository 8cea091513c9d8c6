"""Replies: queued as outbox rows with an idempotency key, capped, then sent by their channel.

A reply row is written in the same transaction as the ticket change that caused it, and sent
afterwards; the key makes both the queueing and the channel send repeatable without effect.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, case, func, insert, select, update
from sqlalchemy.orm import Session

from models import OutboundMessageRow, utcnow
from yudesk.channels.base import Channel, OutgoingMessage
from yudesk.intake.loop_guard import is_unreplyable_address
from yudesk.settings import Settings
from yudesk.signing import make_message_id

log = logging.getLogger(__name__)

REFUSALS = ("refusal_unknown", "refusal_expired")
MAX_SEND_ATTEMPTS = 5


@dataclass(slots=True)
class AutoReplyGovernor:
    """Caps automatic replies per address (daily) and per ticket (window), and sends an
    entitlement refusal to one address at most once per ``refusal_hours``.

    Counts are preloaded for the batch's recipients and kept up to date in memory, so a batch
    of thousands costs three queries, not three per message.
    """

    settings: Settings
    daily: Counter[str] = field(default_factory=Counter)
    refused: set[str] = field(default_factory=set)
    per_ticket: Counter[int] = field(default_factory=Counter)

    @classmethod
    def load(
        cls,
        session: Session,
        settings: Settings,
        recipients: Iterable[str],
        ticket_ids: Iterable[int],
        now: datetime,
    ) -> AutoReplyGovernor:
        governor = cls(settings)
        recipients = sorted(set(recipients))
        day_ago = now - timedelta(days=1)
        refusal_since = now - timedelta(hours=settings.refusal_per_address_hours)
        window = now - timedelta(minutes=settings.auto_reply_per_ticket_window_min)
        out = OutboundMessageRow
        daily, refused = _recipient_counts(session, recipients, day_ago, refusal_since)
        governor.daily.update(daily)
        governor.refused.update(refused)
        governor.per_ticket.update(
            _recent_counts(
                session, out.ticket_id, sorted(set(ticket_ids)), window, out.automatic.is_(True)
            )
        )
        return governor

    def verdict(self, recipient: str, ticket_id: int | None, kind: str) -> str | None:
        """None to send, or why not; counts the reply when it is allowed."""
        if not recipient or is_unreplyable_address(recipient):
            return "unreplyable address"
        if kind in REFUSALS and recipient in self.refused:
            return f"refusal already sent within {self.settings.refusal_per_address_hours} h"
        if self.daily[recipient] >= self.settings.auto_reply_per_address_daily_max:
            return (
                f"daily cap of {self.settings.auto_reply_per_address_daily_max} automatic replies"
            )
        if (
            ticket_id is not None
            and self.per_ticket[ticket_id] >= self.settings.auto_reply_per_ticket_max
        ):
            return "per-ticket cap of automatic replies"
        self.daily[recipient] += 1
        if ticket_id is not None:
            self.per_ticket[ticket_id] += 1
        if kind in REFUSALS:
            self.refused.add(recipient)
        return None


def _recent_counts(
    session: Session, key: Any, values: list[Any], since: datetime, *where: Any
) -> dict[Any, int]:
    """Replies queued or sent since ``since``, counted per ``key`` value (in chunks of 500)."""
    counts: dict[Any, int] = {}
    for chunk in _chunks(values, 500):
        rows = session.execute(
            select(key, func.count())
            .where(
                key.in_(chunk),
                OutboundMessageRow.status.in_(("pending", "sent")),
                OutboundMessageRow.created_at >= since,
                *where,
            )
            .group_by(key)
        )
        counts.update(rows.tuples().all())
    return counts


def _recipient_counts(
    session: Session, recipients: list[str], day_ago: datetime, refusal_since: datetime
) -> tuple[dict[str, int], set[str]]:
    """Per recipient, in one pass: automatic replies in the last day, and whether a refusal
    went out since ``refusal_since``."""
    out = OutboundMessageRow
    since = min(day_ago, refusal_since)
    automatic = func.sum(
        case((and_(out.automatic.is_(True), out.created_at >= day_ago), 1), else_=0)
    )
    refusals = func.sum(
        case((and_(out.kind.in_(REFUSALS), out.created_at >= refusal_since), 1), else_=0)
    )
    daily: dict[str, int] = {}
    refused: set[str] = set()
    for chunk in _chunks(recipients, 500):
        rows = session.execute(
            select(out.recipient, automatic, refusals)
            .where(
                out.recipient.in_(chunk),
                out.status.in_(("pending", "sent")),
                out.created_at >= since,
            )
            .group_by(out.recipient)
        )
        for recipient, n_automatic, n_refusals in rows:
            if n_automatic:
                daily[recipient] = n_automatic
            if n_refusals:
                refused.add(recipient)
    return daily, refused


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def reply_row(
    settings: Settings,
    secret_key: str,
    *,
    key: str,
    kind: str,
    channel: str,
    recipient: str,
    subject: str,
    body: str,
    ticket_id: int | None,
    ticket_human_id: str | None,
    inbound_id: int | None,
    in_reply_to: str | None,
    suppressed: str | None,
    now: datetime,
    automatic: bool = True,
) -> dict[str, Any]:
    """An outbox row as a dict for a bulk insert (the message ID is signed for follow-ups)."""
    return {
        "idempotency_key": key,
        "ticket_id": ticket_id,
        "inbound_id": inbound_id,
        "channel": channel,
        "recipient": recipient,
        "kind": kind,
        "automatic": automatic,
        "subject": subject,
        "body": body,
        "message_id": make_message_id(secret_key, settings.mail_domain, ticket_human_id, key),
        "in_reply_to": in_reply_to,
        "status": "suppressed" if suppressed else "pending",
        "status_reason": suppressed,
        "created_at": now,
        "extra": {"ticket": ticket_human_id} if ticket_human_id else {},
    }


def queue_rows(session: Session, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.connection().execute(insert(OutboundMessageRow.__table__), rows)


def outgoing(row: Mapping[str, Any]) -> OutgoingMessage:
    """The message a channel sends for an outbox row (a row mapping or an insert dict)."""
    return OutgoingMessage(
        idempotency_key=row["idempotency_key"],
        channel=row["channel"],
        recipient=row["recipient"],
        subject=row["subject"],
        body=row["body"],
        message_id=row["message_id"],
        in_reply_to=row["in_reply_to"],
        automatic=row["automatic"],
        ticket_id=(row["extra"] or {}).get("ticket"),
    )


def mark_sent(session: Session, keys: Sequence[str], now: datetime) -> int:
    """Record sends made outside send_pending (the intake courier); returns rows marked."""
    t = OutboundMessageRow.__table__
    marked = 0
    for i in range(0, len(keys), 500):
        result = session.execute(
            update(t)
            .where(t.c.idempotency_key.in_(keys[i : i + 500]), t.c.status == "pending")
            .values(status="sent", attempts=t.c.attempts + 1, status_reason=None, sent_at=now)
            .returning(t.c.id)
        )
        marked += len(result.all())
    return marked


def _try_send(job: tuple[Channel, OutgoingMessage]) -> Exception | None:
    channel, message = job
    try:
        channel.send(message)
    except Exception as exc:  # a channel failure must not stop the other replies
        return exc
    return None


def send_pending(
    session: Session, channels: Mapping[str, Channel], limit: int = 1000, after_id: int = 0
) -> tuple[int, int, int]:
    """Send pending replies through the channel the customer used (S-CH-3).

    Returns (sent, failed, last row id seen): callers page with ``after_id`` so a row that
    keeps failing is tried once per cycle, not in a loop. A failed send stays pending until
    MAX_SEND_ATTEMPTS, then becomes 'failed'.
    """
    o = OutboundMessageRow.__table__.c
    stmt = (
        select(
            o.id,
            o.idempotency_key,
            o.channel,
            o.recipient,
            o.subject,
            o.body,
            o.message_id,
            o.in_reply_to,
            o.automatic,
            o.extra,
            o.attempts,
        )
        .where(o.status == "pending", o.id > after_id)
        .order_by(o.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)  # several workers never send one row twice
    rows = session.execute(stmt).all()
    last_id = rows[-1].id if rows else after_id
    jobs: list[tuple[Any, Channel, OutgoingMessage]] = []
    for row in rows:
        channel = channels.get(row.channel)
        if channel is None:
            log.warning("outbox %s: no channel %s configured; left pending", row.id, row.channel)
            continue
        jobs.append((row, channel, outgoing(row._mapping)))
    # A channel says how many sends may overlap (file creation and network round trips
    # block in the kernel, not in Python); results are collected in row order.
    width = max((getattr(c, "parallel_sends", 1) for _, c, _ in jobs), default=1)
    with ThreadPoolExecutor(max_workers=width) as pool:
        errors = list(pool.map(_try_send, [(c, m) for _, c, m in jobs]))
    sent = failed = 0
    updates: list[dict[str, Any]] = []
    now = utcnow()
    for (row, _channel, _message), error in zip(jobs, errors, strict=True):
        if error is None:
            sent += 1
            updates.append(
                {
                    "row_id": row.id,
                    "status": "sent",
                    "attempts": row.attempts + 1,
                    "status_reason": None,
                    "sent_at": now,
                }
            )
            continue
        failed += 1
        attempts = row.attempts + 1
        log.warning(
            "outbox %s: send failed (%s attempt %d): %s",
            row.id,
            row.channel,
            attempts,
            type(error).__name__,
        )
        updates.append(
            {
                "row_id": row.id,
                "status": "failed" if attempts >= MAX_SEND_ATTEMPTS else "pending",
                "attempts": attempts,
                "status_reason": f"{type(error).__name__}: {error}"[:500],
                "sent_at": None,
            }
        )
    if updates:
        session.connection().execute(
            update(OutboundMessageRow.__table__)
            .where(OutboundMessageRow.__table__.c.id == bindparam("row_id"))
            .values(
                status=bindparam("status"),
                attempts=bindparam("attempts"),
                status_reason=bindparam("status_reason"),
                sent_at=bindparam("sent_at"),
            ),
            updates,
        )
    return sent, failed, last_id

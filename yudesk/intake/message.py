"""The one object every intake filter looks at: a channel-neutral inbound message."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from yudesk.errors import YudeskError
from yudesk.pickling import pickled_by_fields


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str | None
    content_type: str
    size: int
    # None when the part exceeded the size limit from settings; the raw message still has it.
    content: bytes | None
    omitted_reason: str | None = None


@pickled_by_fields
@dataclass(slots=True)
class InboundMessage:
    """What a channel adapter hands to intake.

    ``sender`` is normalised: a lower-case e-mail address, ``tg:<user id>`` or ``wa:<digits>``.
    ``headers`` keeps every header as (lower-case name, decoded value) pairs in order, because
    loop detection needs repeated headers (several ``Received``, ``X-Loop``...).
    """

    channel: str  # "email" | "telegram" | "whatsapp"
    channel_msg_id: str  # unique within the channel; the idempotency key of storage
    sender: str
    subject: str
    text: str
    received_at: datetime
    raw: bytes
    sender_name: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    attachments: tuple[Attachment, ...] = ()
    message_id: str | None = None  # RFC 5322 Message-ID without angle brackets
    in_reply_to: tuple[str, ...] = ()  # Message-IDs from In-Reply-To and References
    content_type: str = "text/plain"  # top-level MIME type, lower case
    report_type: str | None = None  # the report-type parameter of multipart/report
    part_types: tuple[str, ...] = ()  # MIME types of every part, for bounce detection
    parse_defects: tuple[str, ...] = ()  # what the parser had to repair (charset, MIME...)

    # name → values, built on the first header_values(): loop detection asks for ~20 names.
    _by_name: dict[str, tuple[str, ...]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def header(self, name: str) -> str | None:
        """First value of a header (case-insensitive), or None."""
        if self._by_name is None:
            # One look (the intake's own-mail check, when loop detection was done ahead)
            # costs less than building the index.
            name = name.lower()
            for key, value in self.headers:
                if key == name:
                    return value
            return None
        values = self._by_name.get(name.lower(), ())
        return values[0] if values else None

    def header_values(self, name: str) -> tuple[str, ...]:
        index = self._by_name
        if index is None:
            grouped: dict[str, list[str]] = {}
            for key, value in self.headers:
                grouped.setdefault(key, []).append(value)
            index = self._by_name = {key: tuple(values) for key, values in grouped.items()}
        return index.get(name.lower(), ())


@dataclass(frozen=True, slots=True)
class RawMessage:
    """Bytes as a channel delivered them, before parsing; ``ref`` lets the channel ack it."""

    channel: str
    ref: str  # channel-specific handle: a Maildir file name, an IMAP UID, an update id
    data: bytes
    received_at: datetime = field(default_factory=lambda: datetime.now().astimezone())


class UnparseableMessage(YudeskError):
    """Raised by a parser for input it cannot turn into an InboundMessage at all."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

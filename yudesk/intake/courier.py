"""What a committed batch owes the outside world, delivered in the background.

After a batch commits, two things remain: acknowledging its messages to the channel
(Maildir new/ → cur/) and sending its replies. Both are file or network I/O that blocks in
the kernel, so a thread does them while the intake goes on with the next batch. The thread
touches no database: which replies went out is recorded by the intake, in its next
transaction (``take_sent``), so SQLite keeps a single writer. A reply that fails here stays
pending, and the outbox (``send_pending``) retries and counts it as usual; a crash after a
send and before it is recorded re-sends under the same idempotency key, which the channel
turns into a no-op.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from yudesk.channels.base import Channel, OutgoingMessage

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Delivery:
    channel: Channel
    refs: tuple[str, ...]
    replies: tuple[OutgoingMessage, ...]


class Courier:
    """One background thread acking and sending committed batches, in commit order."""

    def __init__(self, senders: Mapping[str, Channel]) -> None:
        self._senders = senders
        # Two batches in flight at most: memory stays bounded when the disk is slow.
        self._jobs: queue.Queue[_Delivery | None] = queue.Queue(maxsize=2)
        self._sent: list[str] = []
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def deliver(
        self, channel: Channel, refs: Sequence[str], replies: Sequence[OutgoingMessage]
    ) -> None:
        """Hand over a committed batch."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="intake-courier", daemon=True)
            self._thread.start()
        self._jobs.put(_Delivery(channel, tuple(refs), tuple(replies)))

    def take_sent(self) -> list[str]:
        """Idempotency keys of the replies sent since the last call, for the caller to record
        (``outbox.mark_sent``) in its own transaction."""
        with self._lock:
            keys, self._sent = self._sent, []
        return keys

    def give_back(self, keys: list[str]) -> None:
        """The transaction that was to record ``keys`` rolled back: record them later."""
        with self._lock:
            self._sent[:0] = keys

    def close(self) -> None:
        """Wait until everything handed over is delivered."""
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join()
            self._thread = None

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            try:
                job.channel.ack(job.refs)
            except Exception:  # unacked mail is read again and recognised as stored
                log.exception("ack of %d messages failed", len(job.refs))
            sent = [reply.idempotency_key for reply in job.replies if self._send(reply)]
            with self._lock:
                self._sent.extend(sent)

    def _send(self, reply: OutgoingMessage) -> bool:
        channel = self._senders.get(reply.channel)
        if channel is None:
            return False  # left pending; send_pending reports the missing channel
        try:
            channel.send(reply)
        except Exception as exc:
            log.warning(
                "reply %s not sent now (%s); the outbox retries it",
                reply.idempotency_key,
                type(exc).__name__,
            )
            return False
        return True

"""What a committed batch owes the outside world, delivered in the background.

After a batch commits, two things remain: acknowledging its messages to the channel
(Maildir new/ → cur/) and sending its replies. Both are I/O and CPU outside the database
(composing a reply, creating its file), so they run beside the intake while it writes the
next batch: in a worker process when there is a backlog (worker.py: no shared interpreter
lock with the database writes), in a thread otherwise or when the worker is gone.
Deliveries touch no database: which replies went out is recorded by the intake in its next
transaction (``take_sent``), so SQLite keeps a single writer. A reply that fails here stays
pending, and the outbox (``send_pending``) retries and counts it as usual; a crash after a
send and before it is recorded re-sends under the same idempotency key, which the channel
turns into a no-op. Acks and sends are idempotent, so a delivery the worker may or may not
have done before dying is simply done again.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections import deque
from collections.abc import Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass

from yudesk.channels.base import Channel, OutgoingMessage
from yudesk.intake.worker import Worker, WorkerGone
from yudesk.pickling import pickled_by_fields

log = logging.getLogger(__name__)

# Deliveries handed over and not yet done: memory stays bounded when the disk is slow.
IN_FLIGHT = 2


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Delivery:
    channel: Channel
    refs: tuple[str, ...]
    replies: tuple[OutgoingMessage, ...]
    senders: Mapping[str, Channel]


def deliver(job: Delivery) -> list[str]:
    """Ack the batch, then send its replies; returns the idempotency keys sent."""
    try:
        job.channel.ack(job.refs)
    except Exception:  # unacked mail is read again and recognised as stored
        log.exception("ack of %d messages failed", len(job.refs))
    return [reply.idempotency_key for reply in job.replies if _send(job.senders, reply)]


def _send(senders: Mapping[str, Channel], reply: OutgoingMessage) -> bool:
    channel = senders.get(reply.channel)
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


class Courier:
    """Delivers committed batches beside the intake, in a worker process or a thread."""

    def __init__(self, senders: Mapping[str, Channel], *, use_worker: bool = True) -> None:
        self._senders = dict(senders)
        self._worker = Worker("deliver") if use_worker else None
        self._in_worker: deque[tuple[Future[list[str]], Delivery]] = deque()
        self._in_thread: queue.Queue[Delivery | None] = queue.Queue(maxsize=IN_FLIGHT)
        self._thread: threading.Thread | None = None
        self._sent: list[str] = []
        self._lock = threading.Lock()

    def start_worker(self) -> None:
        """There is a backlog: deliveries go to a worker process once it is up."""
        if self._worker is not None:
            self._worker.start()

    def deliver(
        self, channel: Channel, refs: Sequence[str], replies: Sequence[OutgoingMessage]
    ) -> None:
        """Hand over a committed batch."""
        job = Delivery(channel, tuple(refs), tuple(replies), self._senders)
        if self._worker is not None and self._worker.ready():
            while len(self._in_worker) >= IN_FLIGHT:
                self._collect(block=True)
            try:
                self._in_worker.append((self._worker.submit(job), job))
                return
            except WorkerGone:
                pass
        self._deliver_in_thread(job)

    def take_sent(self) -> list[str]:
        """Idempotency keys of the replies sent since the last call, for the caller to record
        (``outbox.mark_sent``) in its own transaction."""
        self._collect(block=False)
        with self._lock:
            keys, self._sent = self._sent, []
        return keys

    def give_back(self, keys: list[str]) -> None:
        """The transaction that was to record ``keys`` rolled back: record them later."""
        with self._lock:
            self._sent[:0] = keys

    def close(self) -> None:
        """Wait until everything handed over is delivered."""
        while self._in_worker:
            self._collect(block=True)
        if self._worker is not None:
            self._worker.close()
        if self._thread is not None:
            self._in_thread.put(None)
            self._thread.join()
            self._thread = None

    def _collect(self, *, block: bool) -> None:
        while self._in_worker and (block or self._in_worker[0][0].done()):
            future, job = self._in_worker.popleft()
            try:
                keys = future.result()
            except Exception as exc:
                log.warning("delivery in the worker failed (%s); delivering here", exc)
                self._deliver_in_thread(job)
                continue
            with self._lock:
                self._sent.extend(keys)
            block = False  # one finished delivery frees a place

    def _deliver_in_thread(self, job: Delivery) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="intake-courier", daemon=True)
            self._thread.start()
        self._in_thread.put(job)

    def _run(self) -> None:
        while (job := self._in_thread.get()) is not None:
            keys = deliver(job)
            with self._lock:
                self._sent.extend(keys)

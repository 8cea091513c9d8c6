"""Preparing a batch: bytes → InboundMessage → analysis (secrets, triage), before any storage.

This is pure CPU work that needs neither the database nor the clock, a third of what a
message costs. With a backlog, a worker process (worker.py) prepares batch k+1 while this
process writes batch k (the database work cannot be shared: SQLite has one writer). For a
handful of messages a worker would cost more to start (a fresh interpreter loading the triage
model, ~1 s) than it saves, so it starts only once a full batch shows that there is a
backlog; until it is ready, batches are prepared here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass

from yudesk.channels.base import Channel
from yudesk.intake.analysis import MessageAnalysis, analyse
from yudesk.intake.message import InboundMessage, RawMessage, UnparseableMessage
from yudesk.intake.worker import Worker, WorkerGone

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Prepared:
    raw: RawMessage
    transport: str
    message: InboundMessage | None = None
    reason: str | None = None  # why it could not be parsed
    analysis: MessageAnalysis | None = None  # None: the filter chain computes it itself


def prepare(channel: Channel, raw: RawMessage) -> Prepared:
    try:
        message = channel.parse(raw)
    except UnparseableMessage as exc:
        return Prepared(raw, channel.transport, reason=exc.reason)
    except Exception as exc:  # a parser bug must cost this message only, and keep it
        log.exception("parser failed on %s", raw.ref)
        return Prepared(raw, channel.transport, reason=f"parser error: {type(exc).__name__}")
    try:
        analysis = analyse(message)
    except Exception:  # the chain runs it again, where a failure keeps the message as failed
        log.exception("analysis failed on %s; left to the filter chain", raw.ref)
        analysis = None
    return Prepared(raw, channel.transport, message, analysis=analysis)


def prepare_batch(channel: Channel, raws: Sequence[RawMessage]) -> list[Prepared]:
    return [prepare(channel, raw) for raw in raws]


def warm_up() -> None:
    from yudesk.triage import classify

    classify("прогрев", subject=None, channel="email")  # loads rules, model and lemma table


_WorkerResult = tuple[InboundMessage | None, str | None, MessageAnalysis | None]


def run_job(job: tuple[Channel, list[tuple]]) -> list[_WorkerResult]:
    """A batch in the worker process (see worker.py). The raw bytes do not travel back:
    the intake has them already."""
    channel, raws = job
    outcomes: list[_WorkerResult] = []
    for item in prepare_batch(channel, [RawMessage(*fields) for fields in raws]):
        if item.message is not None:
            item.message.raw = b""
        outcomes.append((item.message, item.reason, item.analysis))
    return outcomes


def _rejoin(
    channel: Channel, raws: Sequence[RawMessage], outcomes: list[_WorkerResult]
) -> list[Prepared]:
    prepared = []
    for raw, (message, reason, analysis) in zip(raws, outcomes, strict=True):
        if message is not None:
            message.raw = raw.data
        prepared.append(Prepared(raw, channel.transport, message, reason, analysis))
    return prepared


class Preparer:
    """Prepares batches in a worker process when there is a backlog, here otherwise.

    Any failure of the worker only means that batches are prepared here.
    """

    def __init__(self, enabled: bool = True) -> None:
        self._worker = Worker("prepare") if enabled else None

    def start(self) -> None:
        """Start the worker (once); batches go to it as soon as it has warmed up."""
        if self._worker is not None:
            self._worker.start()

    def wait_ready(self, timeout: float) -> bool:
        return self._worker is not None and self._worker.wait_ready(timeout)

    def submit(self, channel: Channel, raws: Sequence[RawMessage]) -> Callable[[], list[Prepared]]:
        """Start preparing ``raws``; the returned callable gives the result when needed."""
        # Queued as soon as the worker is started: it takes the job once warmed up (~0.3 s),
        # typically while this process writes the batch before.
        if self._worker is not None and self._worker.started():
            # Plain tuples cross the pipe several times faster than frozen dataclasses, and
            # pickling happens here, on the intake's critical path.
            job = (channel, [(r.channel, r.ref, r.data, r.received_at) for r in raws])
            try:
                future = self._worker.submit(job)
            except WorkerGone:
                pass
            else:
                return lambda: self._result(future, channel, raws)
        return lambda: prepare_batch(channel, raws)

    def _result(
        self, future: Future[list[_WorkerResult]], channel: Channel, raws: Sequence[RawMessage]
    ) -> list[Prepared]:
        try:
            return _rejoin(channel, raws, future.result())
        except Exception as exc:
            log.warning("batch not prepared by the worker (%s); preparing here", exc)
            return prepare_batch(channel, raws)

    def close(self) -> None:
        if self._worker is not None:
            self._worker.close()

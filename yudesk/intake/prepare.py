"""Preparing a batch: bytes → InboundMessage → analysis (secrets, triage), before any storage.

This is pure CPU work that needs neither the database nor the clock, about half of what a
message costs. With a backlog, a worker process prepares batch k+1 while this process writes
batch k (the database work cannot be shared: SQLite has one writer), so the two cores of a
small machine both work. For a handful of messages a worker would cost more to start (a fresh
interpreter loading the triage model, ~1 s) than it saves, so it starts only once a full
batch shows that there is a backlog; until it is ready, batches are prepared here.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from yudesk.channels.base import Channel
from yudesk.intake.analysis import MessageAnalysis, analyse
from yudesk.intake.message import InboundMessage, RawMessage, UnparseableMessage

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


def _warm_up() -> None:
    from yudesk.triage import classify

    classify("прогрев", subject=None, channel="email")  # loads rules, model and lemma table


class Preparer:
    """Prepares batches in one worker process when there is a backlog, here otherwise.

    The worker is ``python -m yudesk.intake.prepare``: a fresh interpreter that imports only
    what preparing needs (multiprocessing's spawn would re-import the caller's main module:
    a Prefect engine, pytest, the CLI). Jobs and results are pickles over its stdin/stdout;
    one thread here writes a job, then reads its result, so neither side blocks on a full
    pipe, and jobs are prepared in the order they were submitted. Any failure of the worker
    only means that the remaining batches are prepared here.
    """

    def __init__(self, enabled: bool = True) -> None:
        self._enabled = enabled
        self._closing = False
        self._worker: subprocess.Popen[bytes] | None = None
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._exchange: threading.Thread | None = None
        self._ready = threading.Event()

    def start(self) -> None:
        """Start the worker (once); batches go to it as soon as it has warmed up."""
        if not self._enabled or self._worker is not None:
            return
        self._worker = subprocess.Popen(
            [sys.executable, "-m", "yudesk.intake.prepare"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": _import_path()},
        )
        self._exchange = threading.Thread(
            target=self._exchange_jobs, name="intake-preparer", daemon=True
        )
        self._exchange.start()

    def wait_ready(self, timeout: float) -> bool:
        """Whether the worker takes batches, waiting up to ``timeout`` s for its warm-up."""
        return self._enabled and self._ready.wait(timeout) and self._enabled

    def submit(self, channel: Channel, raws: Sequence[RawMessage]) -> Callable[[], list[Prepared]]:
        """Start preparing ``raws``; the returned callable gives the result when needed."""
        if not (self._enabled and self._ready.is_set()):
            return lambda: prepare_batch(channel, raws)
        job = _Job(channel, raws)
        self._jobs.put(job)
        return lambda: self._result(job)

    def _result(self, job: _Job) -> list[Prepared]:
        while True:
            try:
                return job.future.result(timeout=1.0)
            except TimeoutError:
                if self._exchange is not None and self._exchange.is_alive():
                    continue
            except Exception:
                pass
            # The worker is gone: this batch and the rest are prepared here.
            self._enabled = False
            return prepare_batch(job.channel, job.raws)

    def _exchange_jobs(self) -> None:
        worker = self._worker
        assert worker is not None and worker.stdin is not None and worker.stdout is not None
        try:
            if pickle.load(worker.stdout) != _READY:
                raise RuntimeError("unexpected greeting")
            self._ready.set()
            while (job := self._jobs.get()) is not None:
                pickle.dump(_pack(job.channel, job.raws), worker.stdin, pickle.HIGHEST_PROTOCOL)
                worker.stdin.flush()
                job.future.set_result(pickle.load(worker.stdout))
        except Exception as exc:
            if not self._closing:
                log.warning("preparation worker stopped (%s); preparing here", type(exc).__name__)
        finally:
            self._enabled = False
            self._ready.clear()

    def close(self) -> None:
        worker, self._worker = self._worker, None
        if worker is None:
            return
        self._closing = True
        if not self._ready.is_set():
            worker.kill()  # still warming up: nothing to wait for
        self._jobs.put(None)
        if self._exchange is not None:
            self._exchange.join()
        assert worker.stdin is not None
        with contextlib.suppress(OSError):
            worker.stdin.close()  # end of input: the worker exits
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


@dataclass(slots=True)
class _Job:
    channel: Channel
    raws: Sequence[RawMessage]
    future: Future[list[Prepared]] = field(default_factory=Future)


_READY = "ready"


# Plain tuples cross the pipe several times faster than frozen slotted dataclasses, and the
# pickling of a job happens in the intake's own process, on its critical path.
def _pack(channel: Channel, raws: Sequence[RawMessage]) -> tuple[Channel, list[tuple]]:
    return channel, [(r.channel, r.ref, r.data, r.received_at) for r in raws]


def _unpack(job: tuple[Channel, list[tuple]]) -> tuple[Channel, list[RawMessage]]:
    channel, raws = job
    return channel, [RawMessage(*fields) for fields in raws]


def _import_path() -> str:
    """The worker imports yudesk from where this process did, installed or not."""
    root = str(Path(__file__).resolve().parents[2])
    return os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)


def _serve(inp: BinaryIO, out: BinaryIO) -> None:
    """The worker's loop: (channel, raws) pickles in, lists of Prepared out, until EOF."""
    _warm_up()
    pickle.dump(_READY, out)
    out.flush()
    while True:
        try:
            channel, raws = _unpack(pickle.load(inp))
        except EOFError:
            return
        pickle.dump(prepare_batch(channel, raws), out, pickle.HIGHEST_PROTOCOL)
        out.flush()


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    # The protocol owns the real stdout; anything a library prints goes to stderr instead.
    protocol_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    # Through the module's real name: pickled results must name yudesk.intake.prepare.Prepared,
    # not __main__.Prepared.
    from yudesk.intake.prepare import _serve as serve

    serve(sys.stdin.buffer, protocol_out)

"""A helper interpreter for the intake: ``python -m yudesk.intake.worker ROLE``.

Preparing a batch and delivering one are CPU work (parsing and triage; composing replies and
the kernel's file creation) that would otherwise share one interpreter lock with the
database writes. A role's process imports only what the role needs; multiprocessing's spawn
is not used because it re-imports the caller's ``__main__`` (a Prefect engine, pytest, the
CLI). Jobs and results are pickles over the process's stdin/stdout. One thread here writes a
job and then reads its result, so neither side blocks on a full pipe and jobs complete in
the order they were submitted. Every submitted job ends, with a result or an exception:
when the process dies, what is queued fails at once and the caller does the work itself.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import pickle
import queue
import subprocess
import sys
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any, BinaryIO

log = logging.getLogger(__name__)

# role → (module, job function, warm-up function or None); nothing else can be called.
ROLES: dict[str, tuple[str, str, str | None]] = {
    "prepare": ("yudesk.intake.prepare", "run_job", "warm_up"),
    "deliver": ("yudesk.intake.courier", "deliver", None),
}
_READY = "ready"


class WorkerGone(RuntimeError):
    """The helper process is not running (any more)."""


class Worker:
    def __init__(self, role: str) -> None:
        if role not in ROLES:
            raise ValueError(f"unknown worker role {role!r}")
        self.role = role
        self._process: subprocess.Popen[bytes] | None = None
        self._jobs: queue.Queue[tuple[Any, Future[Any]] | None] = queue.Queue()
        self._exchange: threading.Thread | None = None
        self._ready = threading.Event()
        self._lock = threading.Lock()  # submit vs. death: no job is queued after the drain
        self._alive = False
        self._closing = False

    def start(self) -> None:
        """Start the process (once); it takes jobs as soon as it has warmed up."""
        if self._process is not None:
            return
        self._process = subprocess.Popen(
            [sys.executable, "-m", "yudesk.intake.worker", self.role],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": _import_path()},
        )
        self._alive = True
        self._exchange = threading.Thread(
            target=self._exchange_jobs, name=f"intake-{self.role}", daemon=True
        )
        self._exchange.start()

    def started(self) -> bool:
        """Started and not dead: a job submitted now will be run."""
        return self._alive

    def ready(self) -> bool:
        return self._ready.is_set() and self._alive

    def wait_ready(self, timeout: float) -> bool:
        """Whether the process takes jobs, waiting up to ``timeout`` s for its warm-up."""
        return self._process is not None and self._ready.wait(timeout) and self._alive

    def submit(self, payload: Any) -> Future[Any]:
        future: Future[Any] = Future()
        with self._lock:
            if not self._alive:
                raise WorkerGone(self.role)
            self._jobs.put((payload, future))
        return future

    def close(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        self._closing = True
        if not self._ready.is_set():
            process.kill()  # still warming up: nothing to wait for
        self._jobs.put(None)
        if self._exchange is not None:
            self._exchange.join()
        assert process.stdin is not None
        with contextlib.suppress(OSError):
            process.stdin.close()  # end of input: the process exits
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def _exchange_jobs(self) -> None:
        process = self._process
        assert process is not None and process.stdin is not None and process.stdout is not None
        current: Future[Any] | None = None
        try:
            if pickle.load(process.stdout) != _READY:
                raise RuntimeError("unexpected greeting")
            self._ready.set()
            while (job := self._jobs.get()) is not None:
                payload, current = job
                pickle.dump(payload, process.stdin, pickle.HIGHEST_PROTOCOL)
                process.stdin.flush()
                ok, value = pickle.load(process.stdout)
                if ok:
                    current.set_result(value)
                else:
                    current.set_exception(RuntimeError(f"{self.role} job failed: {value}"))
                current = None
        except Exception as exc:
            if not self._closing:
                log.warning("%s worker stopped (%s)", self.role, type(exc).__name__)
        finally:
            with self._lock:
                self._alive = False
            gone = WorkerGone(self.role)
            if current is not None:
                current.set_exception(gone)
            while True:
                try:
                    job = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if job is not None:
                    job[1].set_exception(gone)


def _import_path() -> str:
    """The process imports yudesk from where this one did, installed or not."""
    root = str(Path(__file__).resolve().parents[2])
    return os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)


def serve(role: str, inp: BinaryIO, out: BinaryIO) -> None:
    """The process's loop: payload pickles in, (ok, result or error) pickles out, until EOF."""
    module_name, job_name, warm_name = ROLES[role]
    module = importlib.import_module(module_name)
    run = getattr(module, job_name)
    if warm_name:
        getattr(module, warm_name)()
    pickle.dump(_READY, out)
    out.flush()
    while True:
        try:
            payload = pickle.load(inp)
        except EOFError:
            return
        try:
            reply: tuple[bool, Any] = (True, run(payload))
        except Exception as exc:  # the caller redoes the job itself
            log.exception("%s job failed", role)
            reply = (False, f"{type(exc).__name__}: {exc}")
        pickle.dump(reply, out, pickle.HIGHEST_PROTOCOL)
        out.flush()


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    # The protocol owns the real stdout; anything a library prints goes to stderr instead.
    protocol_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    # Through the module's real name, so that pickled classes are not __main__'s.
    from yudesk.intake.worker import serve as serve_by_name

    serve_by_name(sys.argv[1], sys.stdin.buffer, protocol_out)
    # Nothing is left to clean up (every job's files are in place before its result is
    # sent), and tearing down the interpreter's dictionaries and tables takes 0.1-0.2 s that
    # the intake would spend waiting in close().
    protocol_out.flush()
    sys.stderr.flush()
    os._exit(0)

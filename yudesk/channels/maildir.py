"""The embedded default channel (S-CH-5): a local Maildir inbox and outbox, no server needed.

Inbox: messages are read from ``new/`` and moved to ``cur/`` only after the database commit,
so a crash never loses one. Outbox: each reply is written to ``tmp/`` and renamed into
``new/`` under a name derived from its idempotency key, so a repeated send is a no-op.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

from yudesk.channels.base import OutgoingMessage
from yudesk.channels.email_compose import compose_email
from yudesk.intake.mail_parser import parse_email
from yudesk.intake.message import InboundMessage, RawMessage
from yudesk.settings import Settings

SUBDIRS = ("new", "cur", "tmp")


def ensure_maildir(path: Path) -> None:
    for sub in SUBDIRS:
        (path / sub).mkdir(parents=True, exist_ok=True)


class MaildirChannel:
    transport = "maildir"
    channel = "email"
    # Each reply is its own file, named by its key: sends are independent and may overlap.
    parallel_sends = 4

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.inbox = settings.maildir_root / "inbox"
        self.outbox = settings.maildir_root / "outbox"
        # Plain strings on the per-message paths: a pathlib join and a missing-file check
        # through pathlib cost more than the system calls themselves.
        self._inbox_new = f"{self.inbox}/new/"
        self._inbox_cur = f"{self.inbox}/cur/"
        self._outbox = str(self.outbox)

    def fetch(self, limit: int | None = None) -> Iterator[RawMessage]:
        new = self.inbox / "new"
        try:
            names = sorted(
                e.name for e in os.scandir(new) if e.is_file() and not e.name.startswith(".")
            )
        except FileNotFoundError:
            return
        for name in names[:limit] if limit else names:
            try:
                fd = os.open(self._inbox_new + name, os.O_RDONLY)
            except FileNotFoundError:  # another cycle took it meanwhile
                continue
            try:
                mtime = os.fstat(fd).st_mtime
                with os.fdopen(fd, "rb", closefd=False) as stream:
                    data = stream.read()
            finally:
                os.close(fd)
            yield RawMessage(self.channel, name, data, datetime.fromtimestamp(mtime, UTC))

    def parse(self, raw: RawMessage) -> InboundMessage:
        return parse_email(
            raw.data,
            received_at=raw.received_at,
            max_attachment_bytes=self.settings.max_attachment_bytes,
            max_total_attachment_bytes=self.settings.max_total_attachment_bytes,
        )

    def ack(self, refs: Sequence[str]) -> None:
        new, cur = self._inbox_new, self._inbox_cur
        for name in refs:
            # Missing means a concurrent cycle moved it already.
            with contextlib.suppress(FileNotFoundError):
                # ":2," is the Maildir info suffix of a message that has been seen.
                os.rename(new + name, f"{cur}{name}:2,")

    def send(self, message: OutgoingMessage) -> None:
        name = hashlib.sha256(message.idempotency_key.encode()).hexdigest()[:32] + ".yudesk"
        final = f"{self._outbox}/new/{name}"
        if os.path.lexists(final) or os.path.lexists(f"{self._outbox}/cur/{name}:2,"):
            return
        data = compose_email(
            message,
            sender=self.settings.support_address,
            sender_name=self.settings.support_name,
            loop_header=self.settings.loop_header,
            mail_domain=self.settings.mail_domain,
        )
        tmp = f"{self._outbox}/tmp/{name}.{os.getpid()}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.rename(tmp, final)

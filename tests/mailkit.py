"""Test helpers to deliver mail into the Maildir inbox and read what the desk sent."""

from __future__ import annotations

import email
import itertools
import os
import time
from datetime import datetime
from email.message import EmailMessage, Message
from email.policy import default
from pathlib import Path

from models.db import session_scope
from yudesk.desk import Desk
from yudesk.licences import RegistryRow, import_registry

_counter = itertools.count()


def make_mail(
    sender: str = "anna@romashka.ru",
    subject: str = "Не открываются сделки",
    body: str = "Добрый день! Подскажите, как настроить воронку продаж?",
    *,
    message_id: str | None = None,
    headers: dict[str, str] | None = None,
    in_reply_to: str | None = None,
) -> bytes:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = "support@yucrm.ru"
    mail["Subject"] = subject
    mail["Date"] = "Wed, 25 Nov 2026 10:00:00 +0300"
    mail["Message-ID"] = message_id or f"<m{next(_counter)}.{time.time_ns()}@client.example>"
    if in_reply_to:
        mail["In-Reply-To"] = in_reply_to
        mail["References"] = in_reply_to
    for name, value in (headers or {}).items():
        mail[name] = value
    mail.set_content(body)
    return mail.as_bytes()


def deliver(desk: Desk, data: bytes, at: datetime | None = None) -> Path:
    """Drop one message into inbox/new like an MDA would (tmp → new)."""
    inbox = desk.settings.maildir_root / "inbox"
    name = f"{time.time_ns()}.{next(_counter)}.test"
    tmp = inbox / "tmp" / name
    tmp.write_bytes(data)
    final = inbox / "new" / name
    os.rename(tmp, final)
    if at is not None:
        os.utime(final, (at.timestamp(), at.timestamp()))
    return final


def sent_mail(desk: Desk) -> list[Message]:
    """Every message the desk wrote to the outbox, oldest first."""
    new = desk.settings.maildir_root / "outbox" / "new"
    files = sorted(new.iterdir(), key=lambda p: p.stat().st_mtime_ns)
    return [email.message_from_bytes(p.read_bytes(), policy=default) for p in files]


def body_of(message: Message) -> str:
    return message.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def register(desk: Desk, *rows: tuple[str, str, str]) -> None:
    with session_scope(desk.url) as session:
        import_registry(
            session, [RegistryRow(c, a, datetime.fromisoformat(d).date()) for c, a, d in rows]
        )


"""Replies: a failing send is retried a bounded number of times and never blocks others (S-CH-3)."""

from __future__ import annotations

from sqlalchemy import select

from models import OutboundMessageRow
from models.db import session_scope
from tests.mailkit import deliver, make_mail, register, sent_mail
from yudesk.intake.service import run_intake, send_outbox
from yudesk.outbox import MAX_SEND_ATTEMPTS


def test_a_reply_that_keeps_failing_is_retried_then_marked_failed_while_others_go(desk) -> None:
    """S-CH-3: one undeliverable reply neither blocks the outbox nor loops for ever."""
    register(desk, ("Ромашка", "anna@romashka.ru", "2099-01-01"), ("Ромашка", "boris@romashka.ru", "2099-01-01"))
    maildir = desk.channels["maildir"]
    real_send = maildir.send

    def flaky(message):  # type: ignore[no-untyped-def]
        if message.recipient == "boris@romashka.ru":
            raise OSError("disk full")
        real_send(message)

    maildir.send = flaky  # the transport itself fails; our own code runs for real
    deliver(desk, make_mail(sender="boris@romashka.ru"))
    deliver(desk, make_mail(sender="anna@romashka.ru"))
    report = run_intake(desk)
    assert (report.sent, report.send_failed) == (1, 1)
    assert [m["To"] for m in sent_mail(desk)] == ["anna@romashka.ru"]
    for _ in range(MAX_SEND_ATTEMPTS):
        send_outbox(desk)
    with session_scope(desk.url) as s:
        row = s.scalars(select(OutboundMessageRow).where(OutboundMessageRow.recipient == "boris@romashka.ru")).one()
    assert (row.status, row.attempts) == ("failed", MAX_SEND_ATTEMPTS)
    assert "disk full" in (row.status_reason or "")

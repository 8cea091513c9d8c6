"""Mail loops and auto-replies never open tickets and never get an answer (S-CH-4)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models import InboundMessageRow, Ticket
from models.db import session_scope
from tests.mailkit import deliver, make_mail, register, sent_mail
from yudesk.intake.service import run_intake

AUTOMATED = {
    "auto-submitted auto-replied": {"headers": {"Auto-Submitted": "auto-replied"}},
    "auto-submitted auto-generated": {"headers": {"Auto-Submitted": "auto-generated"}},
    "precedence bulk": {"headers": {"Precedence": "bulk"}},
    "precedence junk": {"headers": {"Precedence": "junk"}},
    "precedence list": {"headers": {"Precedence": "list"}},
    "precedence auto_reply": {"headers": {"Precedence": "auto_reply"}},
    "x-precedence bulk": {"headers": {"X-Precedence": "bulk"}},
    "x-autoreply": {"headers": {"X-Autoreply": "yes"}},
    "x-autorespond": {"headers": {"X-Autorespond": "Out of office"}},
    "exchange suppress all": {"headers": {"X-Auto-Response-Suppress": "All"}},
    "x-loop": {"headers": {"X-Loop": "helpdesk@other.example"}},
    "mailing list id": {"headers": {"List-Id": "<news.shop.example>"}},
    "list-unsubscribe": {"headers": {"List-Unsubscribe": "<mailto:unsub@shop.example>"}},
    "empty return-path": {"headers": {"Return-Path": "<>"}},
    "mailer-daemon": {"sender": "MAILER-DAEMON@mx.romashka.ru"},
    "postmaster": {"sender": "postmaster@romashka.ru"},
    "our own loop header": {"headers": {"X-YUdesk-Loop": "desk.yucrm.ru"}},
    "our own message id": {"message_id": "<yu.abc123abc123@desk.yucrm.ru>"},
}


@pytest.mark.parametrize("kind", sorted(AUTOMATED))
def test_automated_mail_is_stored_but_opens_no_ticket_and_gets_no_reply(desk, kind: str) -> None:
    """S-CH-4: every loop/auto/bounce kind is stored for audit, opens nothing, gets nothing."""
    register(desk, ("Ромашка", "anna@romashka.ru", "2099-01-01"))
    spec = AUTOMATED[kind]
    deliver(
        desk,
        make_mail(
            sender=spec.get("sender", "anna@romashka.ru"),
            headers=spec.get("headers"),
            message_id=spec.get("message_id"),
        ),
    )
    report = run_intake(desk)
    assert report.ignored == 1
    with session_scope(desk.url) as s:
        row = s.scalars(select(InboundMessageRow)).one()
        assert s.scalars(select(Ticket)).all() == []
    assert row.status == "ignored" and row.status_reason
    assert sent_mail(desk) == []


def _bounce() -> bytes:
    return (
        b"From: Mail Delivery System <mailer-daemon@mx.example>\r\nTo: support@yucrm.ru\r\n"
        b"Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <bounce-1@mx.example>\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        b"--B\r\nContent-Type: text/plain\r\n\r\nThis is the mail system.\r\n"
        b"--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example\r\n\r\n"
        b"Final-Recipient: rfc822; nobody@romashka.ru\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        b"--B--\r\n"
    )


def test_delivery_status_bounce_opens_nothing(desk) -> None:
    """S-CH-4: a DSN (multipart/report; report-type=delivery-status) is a bounce."""
    deliver(desk, _bounce())
    assert run_intake(desk).ignored == 1
    assert sent_mail(desk) == []


def test_every_reply_carries_auto_submitted_and_our_loop_header(desk) -> None:
    """S-CH-4: what we send marks itself, so other desks do not answer it (RFC 3834)."""
    register(desk, ("Ромашка", "anna@romashka.ru", "2099-01-01"))
    deliver(desk, make_mail())
    run_intake(desk)
    (reply,) = sent_mail(desk)
    assert reply["Auto-Submitted"] == "auto-replied"
    assert reply["X-YUdesk-Loop"] == "desk.yucrm.ru"
    assert reply["Message-ID"].endswith("@desk.yucrm.ru>")


def test_our_reply_coming_back_is_recognised_as_our_own(desk) -> None:
    """S-CH-4: a reply of ours that loops back into the inbox is never answered."""
    register(desk, ("Ромашка", "anna@romashka.ru", "2099-01-01"))
    deliver(desk, make_mail())
    run_intake(desk)
    outbox_file = next((desk.settings.maildir_root / "outbox" / "new").iterdir())
    deliver(desk, outbox_file.read_bytes())
    report = run_intake(desk)
    assert report.ignored == 1 and report.opened == 0
    assert len(sent_mail(desk)) == 1


@pytest.mark.parametrize(
    "address", ["noreply@shop.example", "no-reply@romashka.ru", "do-not-reply@x.example"]
)
def test_no_reply_ever_goes_to_a_noreply_address(desk, address: str) -> None:
    """S-CH-4: a human-looking mail from a noreply sender is recorded but not answered."""
    deliver(desk, make_mail(sender=address))
    run_intake(desk)
    assert sent_mail(desk) == []


def test_automatic_replies_to_one_address_are_capped_per_day(desk, monkeypatch) -> None:
    """S-CH-4: a runaway sender cannot make us send more than the daily cap of auto-replies."""
    monkeypatch.setenv("YUDESK_AUTO_REPLY_PER_ADDRESS_DAILY_MAX", "3")
    from yudesk.desk import Desk
    from yudesk.settings import reset_settings_cache

    reset_settings_cache()
    desk = Desk.from_env()
    register(desk, ("Ромашка", "anna@romashka.ru", "2099-01-01"))
    for i in range(5):
        deliver(desk, make_mail(subject=f"вопрос {i}"))
    report = run_intake(desk)
    assert report.opened == 5
    assert (report.replies, report.suppressed) == (3, 2)
    assert len(sent_mail(desk)) == 3

"""Every inbound message is stored exactly once, and bad input is kept, never lost (S-CH-2)."""

from __future__ import annotations

import contextlib

from sqlalchemy import func, select

from models import InboundMessageRow, OutboundMessageRow, Ticket
from models.db import session_scope
from tests.mailkit import deliver, make_mail, register, sent_mail
from yudesk.intake.service import run_intake


def _count(desk, model, *where) -> int:  # type: ignore[no-untyped-def]
    with session_scope(desk.url) as s:
        return s.scalar(select(func.count()).select_from(model).where(*where)) or 0


def test_duplicate_deliveries_of_one_message_are_stored_once(desk) -> None:
    """S-CH-2: two copies of one message (same Message-ID) give one row and one ticket."""
    register(desk, ("Ромашка", "anna@romashka.ru", "2099-01-01"))
    mail = make_mail(message_id="<dup-1@romashka.ru>")
    deliver(desk, mail)
    deliver(desk, mail)
    report = run_intake(desk)
    assert (report.stored, report.duplicates) == (1, 1)
    assert _count(desk, InboundMessageRow) == 1
    assert _count(desk, Ticket) == 1
    assert len(sent_mail(desk)) == 1


def test_message_redelivered_in_a_later_cycle_is_not_stored_again(desk) -> None:
    """S-CH-2: the same message arriving again tomorrow is recognised by its channel id."""
    register(desk, ("Ромашка", "anna@romashka.ru", "2099-01-01"))
    mail = make_mail(message_id="<again@romashka.ru>")
    deliver(desk, mail)
    run_intake(desk)
    deliver(desk, mail)
    report = run_intake(desk)
    assert report.duplicates == 1 and report.stored == 0
    assert _count(desk, Ticket) == 1
    assert len(sent_mail(desk)) == 1


def test_second_intake_run_over_the_same_mail_changes_nothing(desk) -> None:
    """S-CH-2: a processed message leaves new/ for cur/; running again finds nothing to do."""
    register(desk, ("Ромашка", "anna@romashka.ru", "2099-01-01"))
    for i in range(3):
        deliver(desk, make_mail(subject=f"Вопрос {i}"))
    run_intake(desk)
    inbox = desk.settings.maildir_root / "inbox"
    assert not list((inbox / "new").iterdir())
    assert len(list((inbox / "cur").iterdir())) == 3
    report = run_intake(desk)
    assert report.fetched == 0 and report.sent == 0
    assert _count(desk, Ticket) == 3
    assert len(sent_mail(desk)) == 3


def test_message_without_message_id_is_keyed_by_its_content(desk) -> None:
    """S-CH-2: no Message-ID → the SHA-256 of the bytes is the id, so a copy is still a duplicate."""
    register(desk, ("Ромашка", "anna@romashka.ru", "2099-01-01"))
    mail = make_mail()
    mail = b"\n".join(line for line in mail.split(b"\n") if not line.startswith(b"Message-ID"))
    deliver(desk, mail)
    deliver(desk, mail)
    run_intake(desk)
    with session_scope(desk.url) as s:
        ids = s.scalars(select(InboundMessageRow.channel_msg_id)).all()
    assert len(ids) == 1 and ids[0].startswith("sha256:")


def test_binary_garbage_is_quarantined_with_reason_and_kept(desk) -> None:
    """S-CH-2: unparseable input is kept (file and row, with the reason) and opens nothing."""
    garbage = bytes(range(256)) * 8
    deliver(desk, garbage)
    report = run_intake(desk)
    assert report.quarantined == 1
    with session_scope(desk.url) as s:
        row = s.scalars(select(InboundMessageRow)).one()
    assert row.status == "quarantined" and row.status_reason
    assert row.raw == garbage
    kept = list(desk.settings.quarantine_dir.iterdir())
    assert len(kept) == 1 and kept[0].read_bytes() == garbage
    assert _count(desk, Ticket) == 0 and sent_mail(desk) == []


def test_garbage_does_not_stop_the_good_messages_of_its_batch(desk) -> None:
    """S-CH-2: one bad message in a batch costs only itself."""
    register(desk, ("Ромашка", "anna@romashka.ru", "2099-01-01"))
    deliver(desk, make_mail(subject="первое"))
    deliver(desk, b"\x00\x01\x02\xff" * 500)
    deliver(desk, make_mail(subject="второе"))
    report = run_intake(desk)
    assert report.opened == 2 and report.quarantined == 1
    assert not list((desk.settings.maildir_root / "inbox" / "new").iterdir())


def test_koi8r_body_declared_utf8_becomes_readable_ticket_text(desk) -> None:
    """S-CH-2: a lying charset is repaired; the stored text is readable Russian."""
    register(desk, ("Ромашка", "anna@romashka.ru", "2099-01-01"))
    body = "Не работает отчёт по сделкам, помогите пожалуйста".encode("koi8-r")
    raw = (
        b"From: anna@romashka.ru\r\nTo: support@yucrm.ru\r\nSubject: =?utf-8?B?"
        + __import__("base64").b64encode("Отчёт".encode())
        + b"?=\r\n"
        b"Message-ID: <koi@romashka.ru>\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body
    )
    deliver(desk, raw)
    run_intake(desk)
    with session_scope(desk.url) as s:
        row = s.scalars(select(InboundMessageRow)).one()
        ticket = s.scalars(select(Ticket)).one()
    assert "Не работает отчёт по сделкам" in row.text
    assert ticket.subject == "Отчёт"


def test_attachments_are_stored_with_the_message(desk) -> None:
    """S-CH-2 (4.6): screenshots arrive with the message and are stored with it."""
    from email.message import EmailMessage

    from models import AttachmentRow

    register(desk, ("Ромашка", "anna@romashka.ru", "2099-01-01"))
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "anna@romashka.ru", "support@yucrm.ru", "Скриншот"
    mail["Message-ID"] = "<att@romashka.ru>"
    mail.set_content("Ошибка на скриншоте")
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    mail.add_attachment(png, maintype="image", subtype="png", filename="ошибка.png")
    deliver(desk, mail.as_bytes())
    run_intake(desk)
    with session_scope(desk.url) as s:
        att = s.scalars(select(AttachmentRow)).one()
    assert (att.filename, att.content_type, att.content) == ("ошибка.png", "image/png", png)


def test_crash_after_storing_before_sending_sends_exactly_once_on_the_next_run(
    desk, monkeypatch
) -> None:
    """S-CH-2: committed, then the process dies before acking or sending: nothing lost, one reply."""
    from yudesk.intake.courier import Courier

    register(desk, ("Ромашка", "anna@romashka.ru", "2099-01-01"))
    deliver(desk, make_mail(subject="перед сбоем"))

    def crash(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise SystemExit("simulated crash")

    monkeypatch.setattr(Courier, "deliver", crash)
    with contextlib.suppress(SystemExit):
        run_intake(desk)
    assert _count(desk, Ticket) == 1
    assert _count(desk, OutboundMessageRow, OutboundMessageRow.status == "pending") == 1
    assert sent_mail(desk) == []
    monkeypatch.undo()
    report = run_intake(desk)
    assert report.sent == 1 and report.stored == 0
    assert _count(desk, Ticket) == 1
    assert len(sent_mail(desk)) == 1
    assert run_intake(desk).sent == 0 and len(sent_mail(desk)) == 1


def test_crash_during_send_before_marking_sent_does_not_send_twice(desk, monkeypatch) -> None:
    """S-CH-2: the reply file was written but the row not marked sent: the re-send is a no-op."""
    from yudesk import outbox

    register(desk, ("Ромашка", "anna@romashka.ru", "2099-01-01"))
    deliver(desk, make_mail())
    real_update = outbox.update

    def crash_on_mark(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise SystemExit("simulated crash after send")

    monkeypatch.setattr(outbox, "update", crash_on_mark)
    with contextlib.suppress(SystemExit):
        run_intake(desk)
    monkeypatch.setattr(outbox, "update", real_update)
    assert len(sent_mail(desk)) == 1
    report = run_intake(desk)
    assert report.sent == 1
    assert len(sent_mail(desk)) == 1


def test_crash_before_commit_leaves_the_message_in_the_inbox(desk, monkeypatch) -> None:
    """S-CH-2: new/ → cur/ only after the commit; a crash before it keeps the mail for the next run."""
    from yudesk.intake import service

    register(desk, ("Ромашка", "anna@romashka.ru", "2099-01-01"))
    deliver(desk, make_mail())

    def crash(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise SystemExit("simulated crash before commit")

    monkeypatch.setattr(service, "_store_and_process", crash)
    with contextlib.suppress(SystemExit):
        run_intake(desk)
    assert len(list((desk.settings.maildir_root / "inbox" / "new").iterdir())) == 1
    assert _count(desk, InboundMessageRow) == 0
    monkeypatch.undo()
    assert run_intake(desk).opened == 1


def test_a_message_that_breaks_a_filter_is_kept_as_failed_and_the_rest_go_on(desk, monkeypatch) -> None:
    """S-CH-2: a bug met by one message costs only that message, which is kept with the reason."""
    from yudesk.intake import pipeline

    register(desk, ("Ромашка", "anna@romashka.ru", "2099-01-01"))
    real_filters = pipeline.FILTERS

    def explode_on_boom(ctx, env):  # type: ignore[no-untyped-def]
        if "boom" in ctx.message.subject:
            raise RuntimeError("simulated bug in a filter")

    monkeypatch.setattr(pipeline, "FILTERS", (*real_filters, explode_on_boom))
    deliver(desk, make_mail(subject="первое"))
    deliver(desk, make_mail(subject="boom"))
    deliver(desk, make_mail(subject="третье"))
    report = run_intake(desk)
    assert (report.opened, report.failed) == (2, 1)
    with session_scope(desk.url) as s:
        failed = s.scalars(select(InboundMessageRow).where(InboundMessageRow.status == "failed")).one()
    assert "simulated bug" in (failed.status_reason or "") and b"boom" in failed.raw
    assert not list((desk.settings.maildir_root / "inbox" / "new").iterdir())

"""The intake pipeline: preparation in a worker process and background delivery change
nothing in what is stored, sent or kept (S-OPS-1, S-CH-2)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from models import InboundMessageRow, Ticket
from models.db import session_scope
from tests.mailkit import deliver, make_mail, register, sent_mail
from yudesk.intake.message import RawMessage
from yudesk.intake.prepare import Preparer, prepare_batch
from yudesk.intake.service import IntakePipeline, run_intake

SECRET = "Zx9!pQ7#wL2m"


def _raws() -> list[RawMessage]:
    at = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    mails = [
        make_mail(subject="Не открывается сделка", body="С утра ни у кого не открываются сделки"),
        make_mail(subject="Доступ", body=f"Логин admin, пароль: {SECRET} — настройте нам почту"),
        make_mail(subject="Автоответ", headers={"Auto-Submitted": "auto-replied"}),
    ]
    raws = [RawMessage("email", f"m{i}", data, at) for i, data in enumerate(mails)]
    return [*raws, RawMessage("email", "garbage", bytes(range(256)) * 3, at)]


def test_a_batch_prepared_in_the_worker_equals_one_prepared_in_process(desk) -> None:
    """S-OPS-1: the worker process parses, scans and triages exactly as intake would here."""
    channel = desk.channels["maildir"]
    preparer = Preparer()
    preparer.start()
    try:
        assert preparer.wait_ready(timeout=60), "the preparation worker did not start"
        raws = _raws()
        from_worker = preparer.submit(channel, raws)()
    finally:
        preparer.close()
    assert from_worker == prepare_batch(channel, raws)
    assert from_worker[1].analysis is not None and from_worker[1].analysis.findings
    assert from_worker[3].message is None and from_worker[3].reason


def test_a_dead_worker_means_the_batch_is_prepared_in_process(desk) -> None:
    """S-CH-2: losing the worker loses no message; preparation falls back to this process."""
    channel = desk.channels["maildir"]
    preparer = Preparer()
    preparer.start()
    try:
        assert preparer.wait_ready(timeout=60)
        assert preparer._worker is not None and preparer._worker._process is not None
        preparer._worker._process.kill()
        raws = _raws()
        prepared = preparer.submit(channel, raws)()
    finally:
        preparer.close()
    assert prepared == prepare_batch(channel, raws)


def test_a_parser_bug_quarantines_that_message_and_the_cycle_goes_on(desk, monkeypatch) -> None:
    """S-CH-2: an exception in a parser keeps the message with the reason, never stops intake."""
    from yudesk.channels import maildir

    register(desk, ("Ромашка", "anna@romashka.ru", "2099-01-01"))
    real_parse = maildir.parse_email

    def parse_with_bug(data, **kwargs):  # type: ignore[no-untyped-def]
        if b"kaboom" in data:
            raise IndexError("simulated parser bug")
        return real_parse(data, **kwargs)

    monkeypatch.setattr(maildir, "parse_email", parse_with_bug)
    deliver(desk, make_mail(subject="kaboom"))
    deliver(desk, make_mail(subject="обычное письмо"))
    report = run_intake(desk)
    assert (report.quarantined, report.opened) == (1, 1)
    with session_scope(desk.url) as s:
        reason = s.scalar(
            select(InboundMessageRow.status_reason).where(InboundMessageRow.status == "quarantined")
        )
    assert reason == "parser error: IndexError"


def test_many_batches_each_acked_and_answered_once(desk) -> None:
    """S-CH-2, S-ACK-1: a backlog in small batches: every message stored, acked and answered."""
    desk.settings.intake_batch_size = 3
    register(desk, ("Ромашка", "anna@romashka.ru", "2099-01-01"))
    for i in range(11):
        deliver(desk, make_mail(subject=f"вопрос {i}", message_id=f"<q{i}@romashka.ru>"))
    with IntakePipeline(desk, desk.channels["maildir"]) as pipeline:
        reports = list(pipeline)
        finished = pipeline.finish()
    assert [r.fetched for r in reports] == [3, 3, 3, 2]
    assert sum(r.sent for r in reports) + finished.sent == 11
    assert len(sent_mail(desk)) == 11
    assert not list((desk.settings.maildir_root / "inbox" / "new").iterdir())
    with session_scope(desk.url) as s:
        assert s.scalar(select(func.count()).select_from(Ticket)) == 11
    assert run_intake(desk).sent == 0


def test_a_message_stored_meanwhile_by_another_intake_is_a_duplicate(desk, monkeypatch) -> None:
    """S-CH-2: a concurrent intake storing the same message between our look and our insert
    costs a retry, not a second ticket, a failure or a second reply."""
    from yudesk.intake import service

    register(desk, ("Ромашка", "anna@romashka.ru", "2099-01-01"))
    mail = make_mail(message_id="<same@romashka.ru>")
    deliver(desk, mail)
    run_intake(desk)
    deliver(desk, mail)
    real_stored_keys = service._stored_keys
    calls = []

    def blind_first_look(session, keys):  # type: ignore[no-untyped-def]
        calls.append(keys)
        return set() if len(calls) == 1 else real_stored_keys(session, keys)

    monkeypatch.setattr(service, "_stored_keys", blind_first_look)
    report = run_intake(desk)
    assert (report.duplicates, report.failed, report.opened, report.sent) == (1, 0, 0, 0)
    assert len(calls) == 2
    with session_scope(desk.url) as s:
        assert s.scalar(select(func.count()).select_from(Ticket)) == 1
    assert len(sent_mail(desk)) == 1


def test_deliveries_go_on_in_a_thread_when_the_delivery_worker_dies(desk) -> None:
    """S-CH-2, S-ACK-1: losing the delivery worker loses no ack and no reply."""
    from yudesk.channels.base import OutgoingMessage
    from yudesk.intake.courier import Courier

    channel = desk.channels["maildir"]
    courier = Courier(desk.sender_channels())
    courier.start_worker()
    assert courier._worker is not None and courier._worker.wait_ready(timeout=60)
    replies = [
        OutgoingMessage(f"ack:{i}", "email", "anna@romashka.ru", f"тема {i}", "текст", f"m{i}@x")
        for i in range(3)
    ]
    courier.deliver(channel, [], replies[:1])
    assert courier._worker._process is not None
    courier._worker._process.kill()
    courier.deliver(channel, [], replies[1:])
    courier.close()
    assert sorted(courier.take_sent()) == ["ack:0", "ack:1", "ack:2"]
    assert len(sent_mail(desk)) == 3

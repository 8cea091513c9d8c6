"""Follow-ups join their ticket only for the same customer; nothing leaks across (S-ACK-2)."""

from __future__ import annotations

from sqlalchemy import select

from models import InboundMessageRow
from models.db import session_scope
from tests.mailkit import body_of, deliver, make_mail, register, sent_mail
from yudesk.intake.service import run_intake
from yudesk.tickets import all_tickets_query, ticket_rows

SECRET_SUBJECT = "Зарплатная ведомость ООО Ромашка"
SECRET_TEXT = "Наш оборот 123 456 789 рублей, не показывайте никому"


def _tickets(desk):  # type: ignore[no-untyped-def]
    with session_scope(desk.url) as s:
        return ticket_rows(s, all_tickets_query())


def _first_ticket(desk):  # type: ignore[no-untyped-def]
    register(
        desk,
        ("Ромашка", "anna@romashka.ru", "2099-01-01"),
        ("Ромашка", "boris@romashka.ru", "2099-01-01"),
        ("Лютик", "eve@lutik.ru", "2099-01-01"),
    )
    deliver(desk, make_mail(subject=SECRET_SUBJECT, body=SECRET_TEXT))
    run_intake(desk)
    (ticket,) = _tickets(desk)
    (ack,) = sent_mail(desk)
    return ticket["id"], ack


def test_colleague_followup_citing_the_id_in_the_subject_is_appended(desk) -> None:
    """S-ACK-2: another contact of the same customer continues the ticket."""
    ticket_id, _ = _first_ticket(desk)
    deliver(desk, make_mail(sender="boris@romashka.ru", subject=f"Re: [{ticket_id}] ещё вопрос"))
    report = run_intake(desk)
    assert (report.appended, report.opened) == (1, 0)
    (ticket,) = _tickets(desk)
    assert ticket["messages"] == 2
    assert len(sent_mail(desk)) == 1  # follow-ups get no automatic reply


def test_followup_citing_the_id_in_the_text_is_appended(desk) -> None:
    """S-ACK-2: the ID written in the body counts as a citation."""
    ticket_id, _ = _first_ticket(desk)
    deliver(
        desk,
        make_mail(subject="дополнение", body=f"По обращению {ticket_id.lower()} прикладываю лог"),
    )
    assert run_intake(desk).appended == 1


def test_reply_to_our_signed_message_id_is_appended(desk) -> None:
    """S-ACK-2: In-Reply-To a Message-ID we sent finds the ticket without any ID in the text."""
    _, ack = _first_ticket(desk)
    deliver(
        desk,
        make_mail(
            subject="Re: ответ", body="Спасибо, а что дальше?", in_reply_to=ack["Message-ID"]
        ),
    )
    assert run_intake(desk).appended == 1


def test_forged_reference_to_our_message_id_is_not_trusted(desk) -> None:
    """S-ACK-2: a Message-ID that looks like ours but is not signed by us cites nothing."""
    ticket_id, _ = _first_ticket(desk)
    forged = f"<yu.{ticket_id}.0123456789ab.00000000000000000000@desk.yucrm.ru>"
    deliver(
        desk,
        make_mail(
            sender="eve@lutik.ru", subject="Re: вопрос", body="где ответ?", in_reply_to=forged
        ),
    )
    report = run_intake(desk)
    assert (report.appended, report.opened) == (0, 1)


def test_followup_from_other_customer_opens_new_ticket_and_leaks_nothing(desk) -> None:
    """S-ACK-2: citing another customer's ticket opens a new ticket; nothing of the cited
    ticket (subject, text, answers) reaches the new sender."""
    ticket_id, ack = _first_ticket(desk)
    deliver(
        desk,
        make_mail(
            sender="eve@lutik.ru",
            subject=f"Re: [{ticket_id}] и у нас так же",
            body=f"Что там по {ticket_id}?",
            in_reply_to=ack["Message-ID"],
        ),
    )
    report = run_intake(desk)
    assert (report.appended, report.opened) == (0, 1)
    tickets = _tickets(desk)
    assert [t["messages"] for t in tickets] == [1, 1]
    new_ticket = tickets[1]
    assert new_ticket["customer"] == "Лютик" and new_ticket["id"] != ticket_id
    replies = sent_mail(desk)
    to_eve = [m for m in replies if m["To"] == "eve@lutik.ru"]
    assert len(to_eve) == 1
    everything = to_eve[0].as_string() + body_of(to_eve[0])
    assert SECRET_SUBJECT not in everything and SECRET_TEXT not in everything
    assert "Зарплатная" not in everything


def test_unknown_sender_citing_a_ticket_does_not_join_it(desk) -> None:
    """S-ACK-2: an unregistered address can never append to a customer's ticket."""
    ticket_id, _ = _first_ticket(desk)
    deliver(desk, make_mail(sender="intruder@evil.example", subject=f"[{ticket_id}]"))
    run_intake(desk)
    with session_scope(desk.url) as s:
        rows = s.scalars(select(InboundMessageRow).order_by(InboundMessageRow.id)).all()
    assert rows[0].ticket_id != rows[1].ticket_id

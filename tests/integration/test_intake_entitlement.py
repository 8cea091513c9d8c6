"""Support only for contacts of customers with an active licence (S-ENT-1, S-ENT-2)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from models import SlaEvent, Ticket
from models.db import session_scope
from tests.mailkit import body_of, deliver, make_mail, register, sent_mail
from yudesk.intake.service import MOSCOW, run_intake
from yudesk.tickets import all_tickets_query, queue_query, ticket_rows


def _tickets(desk):  # type: ignore[no-untyped-def]
    with session_scope(desk.url) as s:
        return ticket_rows(s, all_tickets_query())


def test_unknown_contact_is_recorded_with_reason_and_answered_once(desk) -> None:
    """S-ENT-2: an unknown sender's message becomes a record saying why, and one polite answer."""
    deliver(desk, make_mail(sender="stranger@nowhere.example", subject="Помогите"))
    run_intake(desk)
    (ticket,) = _tickets(desk)
    assert ticket["status"] == "unknown_contact"
    assert ticket["customer"] is None and ticket["reaction_due"] is None
    (reply,) = sent_mail(desk)
    assert reply["To"] == "stranger@nowhere.example"
    assert "зарегистрирован" in body_of(reply)
    assert run_intake(desk).sent == 0


def test_unknown_contact_writing_again_the_same_day_is_not_refused_twice(desk) -> None:
    """S-ENT-2: the refusal goes to one address once a day, however often it writes."""
    for i in range(3):
        deliver(desk, make_mail(sender="stranger@nowhere.example", subject=f"Письмо {i}"))
    run_intake(desk)
    assert len(_tickets(desk)) == 3
    assert len(sent_mail(desk)) == 1


def test_expired_licence_is_recorded_and_answered_with_how_to_renew(desk) -> None:
    """S-ENT-2: an expired customer is named, the licence date and renewal are explained."""
    register(desk, ("Василёк", "oleg@vasilek.ru", "2020-03-31"))
    deliver(desk, make_mail(sender="Oleg <oleg@vasilek.ru>"))
    run_intake(desk)
    (ticket,) = _tickets(desk)
    assert (ticket["status"], ticket["customer"], ticket["reaction_due"]) == (
        "licence_expired",
        "Василёк",
        None,
    )
    (reply,) = sent_mail(desk)
    text = body_of(reply)
    assert "31 марта 2020" in text and "продл" in text


def test_not_entitled_records_run_no_sla_clock_and_stay_out_of_the_queue(desk) -> None:
    """S-ENT-2, S-PRI-2: no clock starts, and the agents' queue does not show them."""
    register(desk, ("Василёк", "oleg@vasilek.ru", "2020-03-31"))
    deliver(desk, make_mail(sender="oleg@vasilek.ru"))
    deliver(desk, make_mail(sender="stranger@nowhere.example"))
    run_intake(desk)
    with session_scope(desk.url) as s:
        assert s.scalars(select(SlaEvent)).all() == []
        assert ticket_rows(s, queue_query()) == []


def test_licence_is_active_through_its_last_paid_day(desk) -> None:
    """S-ENT-1: paid_until is inclusive. The licence's days are Moscow days (the regulation's
    time zone): between 21:00 and 24:00 UTC it is already tomorrow there."""
    today = datetime.now(MOSCOW).date().isoformat()
    register(desk, ("Ромашка", "anna@romashka.ru", today))
    deliver(desk, make_mail())
    run_intake(desk)
    assert _tickets(desk)[0]["status"] == "new"


def test_entitled_ticket_gets_ack_with_id_hours_and_expected_reaction(desk) -> None:
    """S-ACK-1: ID in subject and body, the support hours and the reaction time (Moscow)."""
    register(desk, ("Ромашка", "anna@romashka.ru", "2099-01-01"))
    arrival = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)  # 10:00 Moscow, a Wednesday
    deliver(desk, make_mail(sender="Анна <anna@romashka.ru>", subject="Воронка"), at=arrival)
    run_intake(desk)
    (ticket,) = _tickets(desk)
    (reply,) = sent_mail(desk)
    assert reply["Subject"].startswith(f"[{ticket['id']}]")
    text = body_of(reply)
    assert ticket["id"] in text
    assert "с 9:00 до 18:00 по московскому времени" in text
    # normal priority, 16 business hours from Wed 10:00: Wed 10–18 (8 h) + Thu 9–17 (8 h)
    assert ticket["reaction_due"] == "2026-11-26T17:00:00+03:00"
    assert "26 ноября 2026 г., 17:00" in text
    with session_scope(desk.url) as s:
        assert s.scalars(select(Ticket)).one().status == "new"

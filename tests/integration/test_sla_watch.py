"""SLA warnings and breaches: recorded once per deadline, visible to agents (S-CAL-3)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from models import SlaRecord, Ticket, WorkItem
from models.db import session_scope
from tests.mailkit import deliver, make_mail, register
from yudesk import actions
from yudesk.calendar import Override
from yudesk.calendar.store import overrides_in
from yudesk.intake.service import run_intake
from yudesk.sla.watch import scan, sla_flags

WED_10 = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)  # Wednesday 10:00 Moscow


def _critical_ticket(desk) -> Ticket:  # type: ignore[no-untyped-def]
    register(desk, ("Ромашка", "anna@romashka.ru", "2099-01-01"))
    deliver(desk, make_mail(subject="вопрос"), at=WED_10)
    run_intake(desk)
    with session_scope(desk.url) as s:
        ticket = s.scalars(select(Ticket)).one()
        actions.override_classification(s, desk, desk.calendar(s), ticket.human_id,
                                        actions.Actor("olga", "cli"), WED_10, critical=True)
    with session_scope(desk.url) as s:
        return s.scalars(select(Ticket)).one()


def _scan(desk, at: datetime):  # type: ignore[no-untyped-def]
    with session_scope(desk.url) as s:
        return scan(s, desk.settings, desk.calendar(s), at)


def _records(desk) -> list[tuple[str, datetime]]:  # type: ignore[no-untyped-def]
    with session_scope(desk.url) as s:
        return [(r.kind, r.due) for r in s.scalars(select(SlaRecord).order_by(SlaRecord.id))]


def test_no_warning_while_the_deadline_is_far(desk) -> None:
    """S-CAL-3: a fresh critical ticket (due in 60 business minutes) is not warned at once."""
    _critical_ticket(desk)
    assert _scan(desk, WED_10 + timedelta(minutes=30)).as_dict() == {"watched": 1, "warnings": 0, "breaches": 0}


def test_warning_is_recorded_once_within_the_lead(desk) -> None:
    """S-CAL-3: lead = min(15 business minutes, 25 % of the target); recorded once."""
    ticket = _critical_ticket(desk)
    assert ticket.reaction_due == WED_10 + timedelta(hours=1)
    assert _scan(desk, WED_10 + timedelta(minutes=44)).warnings == 0
    assert _scan(desk, WED_10 + timedelta(minutes=45)).warnings == 1
    assert _scan(desk, WED_10 + timedelta(minutes=50)).warnings == 0
    assert _records(desk) == [("warning", ticket.reaction_due)]


def test_breach_is_recorded_once_and_reaches_agents(desk) -> None:
    """S-CAL-3: a missed deadline gives one breach record, one work item, a mark in the queue."""
    ticket = _critical_ticket(desk)
    for minutes in (61, 75, 200):
        _scan(desk, WED_10 + timedelta(minutes=minutes))
    assert _records(desk) == [("breach", ticket.reaction_due)]
    with session_scope(desk.url) as s:
        items = s.scalars(select(WorkItem)).all()
        assert [i.kind for i in items] == ["sla_breach"]
        assert sla_flags(s, [ticket.human_id]) == {ticket.human_id: "breach"}


def test_a_reacted_ticket_is_never_warned_or_breached(desk) -> None:
    """S-CAL-2/3: the agent's reaction stops the clock; nothing is due any more."""
    ticket = _critical_ticket(desk)
    with session_scope(desk.url) as s:
        actions.react(s, desk, desk.calendar(s), ticket.human_id, "answer", actions.Actor("olga", "cli"),
                      WED_10 + timedelta(minutes=10), text="Смотрим")
    assert _scan(desk, WED_10 + timedelta(days=5)).as_dict() == {"watched": 0, "warnings": 0, "breaches": 0}


def test_an_operator_closure_added_later_moves_the_deadline(desk) -> None:
    """S-CAL-1: overrides are data; a closure added after arrival extends the running clock."""
    ticket = _critical_ticket(desk)
    from models import CalendarOverride

    with session_scope(desk.url) as s:
        s.add(CalendarOverride(kind="break", starts_at=WED_10 + timedelta(minutes=30),
                               ends_at=WED_10 + timedelta(hours=2, minutes=30), reason="авария в ЦОД"))
    report = _scan(desk, WED_10 + timedelta(minutes=61))
    assert report.breaches == 0
    with session_scope(desk.url) as s:
        due = s.scalars(select(Ticket)).one().reaction_due
        assert len(overrides_in(s)) == 1
    assert due == ticket.reaction_due + timedelta(hours=2)


def test_overrides_round_trip_through_the_database(desk) -> None:
    """S-CAL-1: every kind of override stored and loaded unchanged."""
    from yudesk.calendar import store

    given = [
        Override(kind="closed", day_from=date(2026, 12, 30), day_to=date(2026, 12, 30), reason="инвентаризация"),
        Override(kind="hours", day_from=date(2026, 12, 29), day_to=date(2026, 12, 29), opens=time(10), closes=time(15), reason="учёба"),
        Override(kind="working", day_from=date(2026, 12, 26), day_to=date(2026, 12, 26), opens=time(9), closes=time(13), reason="аврал"),
        Override(kind="break", starts_at=WED_10, ends_at=WED_10 + timedelta(hours=1), reason="обновление"),
    ]
    ids = [store.add_override(o, "olga") for o in given]
    assert [o for _, o in store.list_overrides()] == given
    store.remove_override(ids[0])
    assert [i for i, _ in store.list_overrides()] == ids[1:]
    assert store.load_overrides() == given[1:]

"""Agent actions move the SLA clock and are audited (S-CAL-2, S-SCOPE-1, S-OPS-3)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from models import AuditEvent, Ticket
from models.db import session_scope
from tests.mailkit import body_of, deliver, make_mail, register, sent_mail
from yudesk import actions
from yudesk.errors import InputError
from yudesk.intake.service import run_intake, send_outbox
from yudesk.sla import tracking

WED_10 = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)  # Wednesday 10:00 Moscow
AGENT = actions.Actor("olga", "cli")


def _ticket(desk) -> Ticket:  # type: ignore[no-untyped-def]
    with session_scope(desk.url) as s:
        return s.scalars(select(Ticket)).one()


def _opened(desk) -> str:  # type: ignore[no-untyped-def]
    register(desk, ("Ромашка", "anna@romashka.ru", "2099-01-01"))
    deliver(desk, make_mail(subject="Вопрос про воронку"), at=WED_10)
    run_intake(desk)
    return _ticket(desk).human_id


def test_agent_answer_stops_the_first_reaction_clock_and_reaches_the_customer(desk) -> None:
    """S-CAL-2: the first reaction stops the clock; the answer goes back on the channel (S-CH-3)."""
    human_id = _opened(desk)
    assert _ticket(desk).reaction_due is not None
    with session_scope(desk.url) as s:
        actions.react(
            s,
            desk,
            desk.calendar(s),
            human_id,
            "answer",
            AGENT,
            WED_10 + timedelta(hours=1),
            text="Откройте Настройки → Воронки.",
        )
    send_outbox(desk)
    ticket = _ticket(desk)
    assert (ticket.status, ticket.reaction_due) == ("open", None)
    answer = sent_mail(desk)[-1]
    assert "Настройки → Воронки" in body_of(answer) and answer["Subject"].startswith(
        f"Re: [{human_id}]"
    )
    assert answer["Auto-Submitted"] is None  # a person's answer is not an auto-reply


def test_customer_message_after_a_reaction_restarts_the_update_clock(desk) -> None:
    """S-CAL-2: each customer message after our reaction starts the update target anew."""
    human_id = _opened(desk)
    with session_scope(desk.url) as s:
        actions.react(s, desk, desk.calendar(s), human_id, "answer", AGENT, WED_10, text="Ответ")
    thursday_11 = WED_10 + timedelta(days=1, hours=1)
    deliver(desk, make_mail(subject=f"Re: [{human_id}]", body="Не помогло"), at=thursday_11)
    run_intake(desk)
    # 16 business hours from Thu 11:00: Thu 11–18 (7 h) + Fri 9–18 (9 h) → Fri 18:00 Moscow
    assert _ticket(desk).reaction_due == datetime(2026, 11, 27, 15, 0, tzinfo=UTC)


def test_waiting_for_customer_pauses_and_moves_the_deadline_by_the_paused_time(desk) -> None:
    """S-CAL-2: a pause shifts the deadline by exactly the business time spent paused."""
    _opened(desk)
    ticket = _ticket(desk)
    calendar = desk.calendar()
    original = ticket.reaction_due
    pause, resume = (
        WED_10 + timedelta(hours=2),
        WED_10 + timedelta(days=1, hours=1),
    )  # Wed 12:00 → Thu 11:00
    with session_scope(desk.url) as s:
        tracking.append_events(
            s,
            [
                tracking.event_row(ticket.id, pause, "pause"),
                tracking.event_row(ticket.id, resume, "resume"),
            ],
        )
        tracking.refresh_due(s, [ticket.id], tracking.targets_from(desk.settings), calendar)
    paused = calendar.between(pause, resume)
    assert paused == 8 * 60  # Wed 12–18 and Thu 9–11
    assert _ticket(desk).reaction_due == calendar.add(original, paused)


def test_override_to_critical_wins_is_audited_and_keeps_the_classifier_decision(desk) -> None:
    """S-SCOPE-1: the agent's scope/priority win; author and the original are recorded."""
    human_id = _opened(desk)
    before = _ticket(desk)
    with session_scope(desk.url) as s:
        actions.override_classification(
            s, desk, desk.calendar(s), human_id, AGENT, WED_10, scope="malfunction", critical=True
        )
    after = _ticket(desk)
    assert (after.scope, after.critical) == ("malfunction", True)
    assert (after.triage_scope, after.triage_critical) == (
        before.triage_scope,
        before.triage_critical,
    )
    assert after.reaction_due == WED_10 + timedelta(hours=1)  # critical: 1 business hour
    with session_scope(desk.url) as s:
        event = s.scalars(
            select(AuditEvent).where(AuditEvent.action == "ticket.classification_overridden")
        ).one()
    assert event.actor == "olga" and event.surface == "cli"
    assert event.detail["after"] == {"scope": "malfunction", "critical": True}
    assert event.detail["classifier"]["scope"] == before.triage_scope


def test_override_with_an_unknown_scope_is_refused(desk) -> None:
    """S-SCOPE-1: only the 12 classes of the taxonomy."""
    human_id = _opened(desk)
    with session_scope(desk.url) as s, pytest.raises(InputError, match="unknown scope"):
        actions.override_classification(
            s, desk, desk.calendar(s), human_id, AGENT, WED_10, scope="spam"
        )


def test_not_entitled_record_cannot_be_worked_on(desk) -> None:
    """S-ENT-2: a refusal record is not a ticket to answer."""
    deliver(desk, make_mail(sender="x@unknown.example"))
    run_intake(desk)
    human_id = _ticket(desk).human_id
    with session_scope(desk.url) as s, pytest.raises(InputError, match="unknown_contact"):
        actions.react(
            s, desk, desk.calendar(s), human_id, "answer", AGENT, WED_10, text="?"
        )

"""The agents' queue: critical first, then arrival order; one query for every face (S-PRI-2)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from models import Ticket
from models.db import session_scope
from yudesk.tickets import NewTicket, all_tickets_query, open_tickets, queue_query, ticket_rows

T0 = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)


def _open(db_url: str, *specs: tuple[int, bool, str]) -> list[str]:
    """(minutes after T0, critical, status) → human IDs."""
    with session_scope(db_url) as s:
        return [
            h
            for _, h in open_tickets(
                s,
                [
                    NewTicket(
                        T0 + timedelta(minutes=m),
                        None,
                        None,
                        "a@b.ru",
                        "email",
                        f"t{m}",
                        status,
                        "malfunction",
                        critical,
                        False,
                        False,
                        (),
                    )
                    for m, critical, status in specs
                ],
            )
        ]


def test_queue_puts_critical_first_then_arrival_order(db_url) -> None:
    """S-PRI-2: FIFO, except that critical tickets go first (themselves in arrival order)."""
    a, b, c, d = _open(
        db_url, (0, False, "new"), (5, True, "new"), (10, False, "open"), (15, True, "new")
    )
    with session_scope(db_url) as s:
        order = [r["id"] for r in ticket_rows(s, queue_query())]
    assert order == [b, d, a, c]


def test_queue_leaves_out_closed_and_not_entitled_tickets(db_url) -> None:
    """S-PRI-2, S-ENT-2: closed, unknown-contact and expired-licence records are not work."""
    keep, closed, *_ = _open(
        db_url,
        (0, False, "new"),
        (1, False, "new"),
        (2, False, "unknown_contact"),
        (3, True, "licence_expired"),
    )
    with session_scope(db_url) as s:
        s.execute(update(Ticket).where(Ticket.human_id == closed).values(status="closed"))
    with session_scope(db_url) as s:
        assert [r["id"] for r in ticket_rows(s, queue_query())] == [keep]
        assert len(ticket_rows(s, all_tickets_query())) == 4


def test_tickets_list_is_oldest_first_with_the_contract_fields(db_url) -> None:
    """S-PRI-2: `tickets --json` rows have exactly the fields of the CLI contract."""
    _open(db_url, (10, False, "new"), (0, True, "new"))
    with session_scope(db_url) as s:
        rows = ticket_rows(s, all_tickets_query())
    assert [r["subject"] for r in rows] == ["t0", "t10"]
    assert set(rows[0]) == {
        "id",
        "subject",
        "customer",
        "channel",
        "status",
        "scope",
        "critical",
        "abusive",
        "credentials",
        "messages",
        "reaction_due",
    }

"""Ticket IDs: YU-<year>-<6 digits>, unique under concurrent writers (S-ACK-1)."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime

from models.db import session_scope
from tests.mailkit import deliver, make_mail, register
from yudesk.intake.service import run_intake
from yudesk.ticket_ids import find_ticket_ids, format_ticket_id
from yudesk.tickets import NewTicket, all_tickets_query, open_tickets, ticket_rows


def test_ticket_id_has_prefix_year_and_six_digits() -> None:
    """S-ACK-1: the human ID format."""
    assert format_ticket_id(2026, 123) == "YU-2026-000123"
    assert find_ticket_ids("см. yu-2026-000123 и [YU-2025-000001]") == [
        "YU-2026-000123",
        "YU-2025-000001",
    ]


def _spec(at: datetime) -> NewTicket:
    return NewTicket(at, None, None, "a@b.ru", "email", "s", "new", None, False, False, False, ())


def test_numbers_restart_each_year_and_never_repeat(db_url) -> None:
    """S-ACK-1: the year in the ID is the year of arrival; numbering is per year."""
    with session_scope(db_url) as s:
        ids = [
            h
            for _, h in open_tickets(
                s,
                [
                    _spec(datetime(2025, 12, 31, 20, tzinfo=UTC)),
                    _spec(datetime(2026, 1, 1, 9, tzinfo=UTC)),
                    _spec(datetime(2026, 1, 2, 9, tzinfo=UTC)),
                ],
            )
        ]
    assert ids == ["YU-2025-000001", "YU-2026-000001", "YU-2026-000002"]


def test_ids_stay_unique_under_two_concurrent_intake_cycles(desk, monkeypatch) -> None:
    """S-ACK-1: two cycles over one inbox at once: every message one ticket, every ID unique."""
    from yudesk.settings import reset_settings_cache

    monkeypatch.setenv("YUDESK_INTAKE_BATCH_SIZE", "7")  # many small interleaved batches
    reset_settings_cache()
    register(desk, ("Ромашка", "anna@romashka.ru", "2099-01-01"))
    for i in range(120):
        deliver(desk, make_mail(subject=f"вопрос {i}"))
    errors: list[BaseException] = []

    def cycle() -> None:
        try:
            from yudesk.desk import Desk

            run_intake(Desk.from_env())
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=cycle) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with session_scope(desk.url) as s:
        rows = ticket_rows(s, all_tickets_query())
    ids = [r["id"] for r in rows]
    assert len(ids) == 120 and len(set(ids)) == 120
    assert all(re.fullmatch(r"YU-\d{4}-\d{6}", i) for i in ids)

"""Credentials customers send are never stored or echoed in clear (S-CRED-1)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select, text

from models import Base, InboundMessageRow
from models.db import session_scope
from tests.mailkit import deliver, make_mail, register, sent_mail
from yudesk import actions
from yudesk.intake.service import run_intake

PASSWORD = "Qwe!2345zX"
TOKEN = "yu_live_A1b2C3d4E5f6G7h8J9k0"


def _plant(desk) -> None:  # type: ignore[no-untyped-def]
    register(desk, ("Ромашка", "anna@romashka.ru", "2099-01-01"))
    deliver(desk, make_mail(
        subject=f"Доступ к панели, пароль: {PASSWORD}",
        body=f"Настройте, пожалуйста, почту. Логин admin, пароль: {PASSWORD}\napikey={TOKEN}",
    ))
    run_intake(desk)


def _everything_in_the_database(desk) -> str:  # type: ignore[no-untyped-def]
    """Every value of every table, as text (bytes decoded leniently)."""
    dump: list[str] = []
    with session_scope(desk.url) as s:
        for table in Base.metadata.sorted_tables:
            for row in s.execute(table.select()):
                for value in row:
                    dump.append(value.decode("utf-8", "replace") if isinstance(value, bytes) else json.dumps(value, default=str, ensure_ascii=False))
    return "\n".join(dump)


def test_planted_secrets_are_not_in_any_table(desk) -> None:
    """S-CRED-1: subject, text, headers and raw are stored masked or sealed."""
    _plant(desk)
    dump = _everything_in_the_database(desk)
    assert "Ромашка" in dump  # the dump really covers the data
    assert PASSWORD not in dump and TOKEN not in dump


def test_planted_secrets_are_not_in_the_database_files(desk, home: Path) -> None:
    """S-CRED-1: on SQLite, not even the bytes of the database and its WAL contain them."""
    _plant(desk)
    if not desk.url.startswith("sqlite"):
        with session_scope(desk.url) as s:  # PostgreSQL: ask the server to search every table as text
            for table in Base.metadata.sorted_tables:
                hits = s.execute(text(f"SELECT count(*) FROM {table.name} t WHERE t::text LIKE :p"), {"p": f"%{PASSWORD}%"}).scalar()
                assert hits == 0, table.name
        return
    path = Path(desk.url.removeprefix("sqlite:///"))
    for file in (path, path.with_name(path.name + "-wal")):
        if file.exists():
            data = file.read_bytes()
            assert PASSWORD.encode() not in data and TOKEN.encode() not in data


def test_replies_and_listings_never_echo_a_secret(desk) -> None:
    """S-CRED-1: the acknowledgement (which quotes the subject) and `tickets` show masks."""
    _plant(desk)
    (ack,) = sent_mail(desk)
    assert PASSWORD not in ack.as_string() and PASSWORD not in str(ack["Subject"])
    assert "Доступ к панели" in str(ack["Subject"])
    from yudesk.tickets import all_tickets_query, ticket_rows

    with session_scope(desk.url) as s:
        rows = ticket_rows(s, all_tickets_query())
    listing = json.dumps(rows, ensure_ascii=False)
    assert PASSWORD not in listing and TOKEN not in listing
    assert rows[0]["credentials"] is True


def test_the_sealed_original_opens_with_the_vault_key_only(desk) -> None:
    """S-CRED-1: the raw message survives, encrypted; the vault key opens it."""
    _plant(desk)
    with session_scope(desk.url) as s:
        row = s.scalars(select(InboundMessageRow)).one()
    assert row.has_secrets and row.raw == b"" and row.sealed
    assert PASSWORD.encode() in desk.vault.unseal(row.sealed)


def test_closing_the_ticket_purges_the_sealed_credentials(desk) -> None:
    """S-CRED-1: purged when the ticket closes; the close is audited."""
    _plant(desk)
    with session_scope(desk.url) as s:
        human_id = s.scalars(select(InboundMessageRow)).one().ticket_id
        from models import Ticket

        human_id = s.get(Ticket, human_id).human_id
        actions.close(s, desk, desk.calendar(s), human_id, actions.Actor("olga", "cli"), datetime.now(UTC))
    with session_scope(desk.url) as s:
        row = s.scalars(select(InboundMessageRow)).one()
        from models import AuditEvent

        actions_done = s.scalars(select(AuditEvent.action)).all()
    assert row.sealed is None
    assert "credentials.purged" in actions_done


def test_a_failed_message_with_credentials_is_kept_sealed(desk, monkeypatch) -> None:
    """S-CRED-1, S-CH-2: kept for an operator, but never in clear, not even in quarantine."""
    from yudesk.intake import pipeline

    register(desk, ("Ромашка", "anna@romashka.ru", "2099-01-01"))

    def explode(ctx, env):  # type: ignore[no-untyped-def]
        raise RuntimeError("simulated bug in a filter")

    monkeypatch.setattr(pipeline, "FILTERS", (*pipeline.FILTERS, explode))
    deliver(desk, make_mail(body=f"пароль: {PASSWORD}"))
    assert run_intake(desk).failed == 1
    assert PASSWORD not in _everything_in_the_database(desk)
    for kept in desk.settings.quarantine_dir.iterdir():
        assert PASSWORD.encode() not in kept.read_bytes()
    with session_scope(desk.url) as s:
        row = s.scalars(select(InboundMessageRow)).one()
    assert row.status == "failed" and PASSWORD.encode() in desk.vault.unseal(row.sealed)

"""`yudesk calendar` with overrides kept in the real database (S-CAL-1)."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import select
from typer.testing import CliRunner

from models import CalendarOverride
from models.db import session_scope
from yudesk.calendar import MOSCOW, Override
from yudesk.calendar import store as override_store
from yudesk.calendar.cli import app

runner = CliRunner()


def test_commands_use_stored_overrides(desk) -> None:
    """S-CAL-1: overrides in the database shape what the commands print."""
    override_store.add_override(Override("closed", date(2025, 6, 2), date(2025, 6, 2), reason="move"), "ops")
    override_store.add_override(
        Override("hours", date(2025, 6, 3), date(2025, 6, 3), time(10), time(15), reason="r"), "ops"
    )
    result = runner.invoke(app, ["day", "2025-06-02", "2025-06-03"])
    assert result.stdout.splitlines() == ["2025-06-02 holiday -", "2025-06-03 working 10:00-15:00"]
    result = runner.invoke(app, ["deadline", "--start", "2025-06-02T10:00", "--hours", "1"])
    assert result.stdout == "2025-06-03T11:00:00+03:00\n"


def test_break_is_shown_as_two_intervals(desk) -> None:
    """S-CAL-1: a day split by a break lists both intervals."""
    brk = Override("break", starts_at=datetime(2025, 6, 2, 12, tzinfo=MOSCOW),
                   ends_at=datetime(2025, 6, 2, 13, tzinfo=MOSCOW), reason="outage")
    override_store.add_override(brk, "ops")
    result = runner.invoke(app, ["day", "2025-06-02"])
    assert result.stdout == "2025-06-02 working 09:00-12:00,13:00-18:00\n"


def test_unreachable_database_still_answers_with_a_warning(home, monkeypatch) -> None:
    """S-CAL-1: the calendar answers from the data files when the database cannot be read."""
    from yudesk.settings import reset_settings_cache

    monkeypatch.setenv("YUDESK_DATABASE_URL", f"sqlite:///{home}/missing-dir/none.db")
    reset_settings_cache()
    result = runner.invoke(app, ["day", "2025-11-01"])
    assert result.exit_code == 0
    assert result.stdout == "2025-11-01 shortened 09:00-17:00\n"
    assert "overrides not loaded" in result.stderr


def test_override_add_list_remove(desk) -> None:
    """S-CAL-1: operators manage overrides from the CLI; the author is recorded."""
    result = runner.invoke(app, ["override", "add", "--kind", "hours", "--from", "2025-06-03",
                                 "--opens", "10:00", "--closes", "15:00", "--reason", "training",
                                 "--author", "anna"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "added override 1\n"
    assert override_store.list_overrides() == [
        (1, Override("hours", date(2025, 6, 3), date(2025, 6, 3), time(10), time(15), reason="training"))
    ]
    with session_scope(desk.url) as s:
        assert s.scalars(select(CalendarOverride.author)).all() == ["anna"]
    result = runner.invoke(app, ["override", "add", "--kind", "break", "--starts", "2025-06-04T12:00+03:00",
                                 "--ends", "2025-06-04T13:00+03:00", "--reason", "outage"])
    assert result.exit_code == 0, result.output
    listing = runner.invoke(app, ["override", "list"]).stdout.splitlines()
    assert listing[0] == "1 hours 2025-06-03..2025-06-03 10:00-15:00 training"
    assert listing[1].startswith("2 break 2025-06-04T12:00:00+03:00..")
    assert runner.invoke(app, ["override", "remove", "1"]).exit_code == 0
    assert [i for i, _ in override_store.list_overrides()] == [2]


def test_override_add_refuses_nonsense_before_storing(desk) -> None:
    """S-CAL-1: an invalid override never reaches the database."""
    result = runner.invoke(app, ["override", "add", "--kind", "hours", "--from", "2025-06-03",
                                 "--opens", "15:00", "--closes", "10:00", "--reason", "oops"])
    assert result.exit_code == 1 and "error:" in result.stderr
    assert override_store.list_overrides() == []

"""`yudesk calendar …` commands, run through Typer's CliRunner (S-CAL-1, S-CAL-2)."""

from __future__ import annotations

import sys
import types
from datetime import date, datetime, time

import pytest
from typer.testing import CliRunner

from yudesk.calendar import MOSCOW, Override
from yudesk.calendar.cli import app

runner = CliRunner()


class FakeStore(types.ModuleType):
    """Stands in for the integrator's `yudesk.calendar.store`."""

    def __init__(self, overrides: list[Override] | None = None) -> None:
        super().__init__("yudesk.calendar.store")
        self.rows: dict[int, Override] = dict(enumerate(overrides or [], start=1))
        self.authors: list[str] = []

    def load_overrides(self) -> list[Override]:
        return list(self.rows.values())

    def add_override(self, o: Override, author: str) -> int:
        self.authors.append(author)
        new_id = max(self.rows, default=0) + 1
        self.rows[new_id] = o
        return new_id

    def list_overrides(self) -> list[tuple[int, Override]]:
        return list(self.rows.items())

    def remove_override(self, override_id: int) -> None:
        del self.rows[override_id]


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch) -> FakeStore:
    fake = FakeStore()
    monkeypatch.setitem(sys.modules, "yudesk.calendar.store", fake)
    return fake


@pytest.fixture
def no_store(monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules makes `import` raise ImportError, as before store.py exists.
    monkeypatch.setitem(sys.modules, "yudesk.calendar.store", None)


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        ("2025-12-30T17:30", "16", "2026-01-13T15:30:00+03:00"),
        ("2025-12-30T23:30:00-05:00", "1", "2026-01-12T10:00:00+03:00"),
        ("2025-06-02T10:00", "0.5", "2025-06-02T10:30:00+03:00"),
        ("2025-06-02T17:00:00+03:00", "1", "2025-06-02T18:00:00+03:00"),
        ("2025-11-01T16:30", "1", "2025-11-05T09:30:00+03:00"),
        ("2025-12-31T12:00", "0", "2026-01-12T09:00:00+03:00"),
    ],
)
def test_deadline_prints_iso_moscow(no_store: None, start: str, hours: str, due: str) -> None:
    """S-CAL-2: `calendar deadline` prints the deadline with the Moscow offset."""
    result = runner.invoke(app, ["deadline", "--start", start, "--hours", hours])
    assert result.exit_code == 0, result.output
    assert result.stdout == due + "\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "yesterday", "--hours", "1"], "not an ISO-8601"),
        (["--start", "2025-06-02T10:00", "--hours", "-1"], "non-negative"),
    ],
)
def test_deadline_errors_exit_1(no_store: None, args: list[str], message: str) -> None:
    """S-CAL-2: bad input is reported as `error: …` on stderr, exit code 1."""
    result = runner.invoke(app, ["deadline", *args])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert result.stdout == ""


def test_day_prints_one_line_per_date(no_store: None) -> None:
    """S-CAL-1: `calendar day` prints DATE KIND HH:MM-HH:MM, `-` on a day off."""
    dates = ["2025-11-01", "2026-03-09", "2025-06-07", "2024-04-27", "2025-03-07", "2025-06-02"]
    result = runner.invoke(app, ["day", *dates])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "2025-11-01 shortened 09:00-17:00",
        "2026-03-09 holiday -",
        "2025-06-07 weekend -",
        "2024-04-27 working 09:00-18:00",
        "2025-03-07 shortened 09:00-17:00",
        "2025-06-02 working 09:00-18:00",
    ]


def test_day_rejects_a_bad_date(no_store: None) -> None:
    """S-CAL-1: an unreadable date is an error naming the expected format."""
    result = runner.invoke(app, ["day", "2025-13-01"])
    assert result.exit_code == 1 and "YYYY-MM-DD" in result.stderr


def test_day_for_a_year_without_data_warns(no_store: None) -> None:
    """S-CAL-1: the fallback warning reaches the operator on stderr, once."""
    result = runner.invoke(app, ["day", "2030-03-07"])
    assert result.exit_code == 0
    assert result.stdout == "2030-03-07 shortened 09:00-17:00\n"
    assert result.stderr.count("warning: no production calendar file for 2030") == 1


def test_commands_use_stored_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    """S-CAL-1: overrides in the database shape what the commands print."""
    fake = FakeStore(
        [
            Override("closed", date(2025, 6, 2), date(2025, 6, 2), reason="move"),
            Override("hours", date(2025, 6, 3), date(2025, 6, 3), time(10), time(15), reason="r"),
        ]
    )
    monkeypatch.setitem(sys.modules, "yudesk.calendar.store", fake)
    result = runner.invoke(app, ["day", "2025-06-02", "2025-06-03"])
    assert result.stdout.splitlines() == ["2025-06-02 holiday -", "2025-06-03 working 10:00-15:00"]
    result = runner.invoke(app, ["deadline", "--start", "2025-06-02T10:00", "--hours", "1"])
    assert result.stdout == "2025-06-03T11:00:00+03:00\n"


def test_break_is_shown_as_two_intervals(monkeypatch: pytest.MonkeyPatch) -> None:
    """S-CAL-1: a day split by a break lists both intervals."""
    brk = Override(
        "break",
        starts_at=datetime(2025, 6, 2, 12, tzinfo=MOSCOW),
        ends_at=datetime(2025, 6, 2, 13, tzinfo=MOSCOW),
        reason="outage",
    )
    monkeypatch.setitem(sys.modules, "yudesk.calendar.store", FakeStore([brk]))
    result = runner.invoke(app, ["day", "2025-06-02"])
    assert result.stdout == "2025-06-02 working 09:00-12:00,13:00-18:00\n"


def test_unavailable_database_still_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """S-CAL-1: before `yudesk init` the calendar works from the data files, with a warning."""
    broken = FakeStore()

    def fail() -> list[Override]:
        raise RuntimeError("no such table: calendar_overrides")

    broken.load_overrides = fail  # type: ignore[method-assign]
    monkeypatch.setitem(sys.modules, "yudesk.calendar.store", broken)
    result = runner.invoke(app, ["day", "2025-11-01"])
    assert result.exit_code == 0
    assert result.stdout == "2025-11-01 shortened 09:00-17:00\n"
    assert "overrides not loaded" in result.stderr


def test_show_prints_the_year_with_totals(no_store: None) -> None:
    """S-CAL-1: `calendar show` prints a month grid with the yearly totals."""
    result = runner.invoke(app, ["show", "2025"])
    assert result.exit_code == 0, result.output
    assert "January 2025" in result.stdout and "December 2025" in result.stdout
    assert "247 working days, 1972 hours" in result.stdout
    assert "1+*" in result.stdout.split("November 2025")[1]  # shortened working Saturday


def test_override_add_list_remove(store: FakeStore) -> None:
    """S-CAL-1: operators manage overrides through the store functions."""
    result = runner.invoke(
        app,
        [
            "override",
            "add",
            "--kind",
            "hours",
            "--from",
            "2025-06-03",
            "--opens",
            "10:00",
            "--closes",
            "15:00",
            "--reason",
            "training",
            "--author",
            "anna",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "added override 1\n"
    assert store.rows[1] == Override(
        "hours", date(2025, 6, 3), date(2025, 6, 3), time(10), time(15), reason="training"
    )
    assert store.authors == ["anna"]
    result = runner.invoke(
        app,
        [
            "override",
            "add",
            "--kind",
            "break",
            "--starts",
            "2025-06-04T12:00+03:00",
            "--ends",
            "2025-06-04T13:00+03:00",
            "--reason",
            "outage",
        ],
    )
    assert result.exit_code == 0, result.output
    listing = runner.invoke(app, ["override", "list"]).stdout.splitlines()
    assert listing[0] == "1 hours 2025-06-03..2025-06-03 10:00-15:00 training"
    assert listing[1].startswith("2 break 2025-06-04T12:00:00+03:00..")
    assert runner.invoke(app, ["override", "remove", "1"]).exit_code == 0
    assert list(store.rows) == [2]


def test_override_add_refuses_nonsense_before_storing(store: FakeStore) -> None:
    """S-CAL-1: an invalid override never reaches the database."""
    result = runner.invoke(
        app,
        [
            "override",
            "add",
            "--kind",
            "hours",
            "--from",
            "2025-06-03",
            "--opens",
            "15:00",
            "--closes",
            "10:00",
            "--reason",
            "oops",
        ],
    )
    assert result.exit_code == 1 and "error:" in result.stderr
    assert store.rows == {}

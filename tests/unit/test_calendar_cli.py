"""`yudesk calendar …` commands, run through Typer's CliRunner (S-CAL-1, S-CAL-2)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from yudesk.calendar.cli import app

runner = CliRunner()


@pytest.fixture
def no_store(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Before `yudesk init`: no database, so the commands answer from the data files alone."""
    from yudesk.settings import reset_settings_cache

    monkeypatch.setenv("YUDESK_HOME", str(tmp_path / "not-initialised"))
    monkeypatch.delenv("YUDESK_DATABASE_URL", raising=False)
    reset_settings_cache()
    yield
    reset_settings_cache()


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


def test_show_prints_the_year_with_totals(no_store: None) -> None:
    """S-CAL-1: `calendar show` prints a month grid with the yearly totals."""
    result = runner.invoke(app, ["show", "2025"])
    assert result.exit_code == 0, result.output
    assert "January 2025" in result.stdout and "December 2025" in result.stdout
    assert "247 working days, 1972 hours" in result.stdout
    assert "1+*" in result.stdout.split("November 2025")[1]  # shortened working Saturday

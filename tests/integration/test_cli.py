"""The `yudesk` command line contract (ARCHITECTURE.md), run as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.mailkit import deliver, make_mail

ROOT = Path(__file__).resolve().parents[2]


def yudesk(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "yudesk.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=os.environ.copy(),
        timeout=120,
    )


def test_init_creates_database_and_maildir_folders(home: Path) -> None:
    """S-CH-5: `init` lays down $YUDESK_HOME/mail/{inbox,outbox}/{cur,new,tmp} and the schema."""
    result = yudesk("init")
    assert result.returncode == 0, result.stderr
    for box in ("inbox", "outbox"):
        for sub in ("cur", "new", "tmp"):
            assert (home / "mail" / box / sub).is_dir()
    assert yudesk("init").returncode == 0  # idempotent


def test_licence_import_intake_and_listing_end_to_end(home: Path, tmp_path: Path) -> None:
    """S-ENT-1, S-OPS-1, S-PRI-2: registry in, one cycle, tickets and queue as JSON."""
    from yudesk.desk import Desk

    csv = tmp_path / "reg.csv"
    csv.write_text(
        "customer,contact,paid_until\nРомашка,anna@romashka.ru,2099-01-01\n", encoding="utf-8"
    )
    assert yudesk("licence", "import", str(csv)).returncode == 0
    deliver(Desk.from_env(), make_mail(subject="Тема с «кавычками»"))
    deliver(Desk.from_env(), make_mail(sender="x@unknown.example"))
    assert yudesk("intake", "run").returncode == 0
    tickets = json.loads(yudesk("tickets", "--json").stdout)
    assert [t["status"] for t in tickets] == ["new", "unknown_contact"]
    assert tickets[0]["subject"] == "Тема с «кавычками»" and tickets[0]["customer"] == "Ромашка"
    queue = json.loads(yudesk("queue", "--json").stdout)
    assert [t["id"] for t in queue] == [tickets[0]["id"]]


def test_errors_are_one_line_without_traceback_and_exit_non_zero(
    home: Path, tmp_path: Path
) -> None:
    """CLI contract: a person-actionable error, no traceback, non-zero exit."""
    result = yudesk("licence", "import", str(tmp_path / "missing.csv"))
    assert result.returncode != 0
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_human_tables_for_tickets_queue_and_work_items(home: Path, tmp_path: Path) -> None:
    """S-PRI-2, S-CAL-3: the Rich views a person reads render without error."""
    from yudesk.desk import Desk

    csv = tmp_path / "reg.csv"
    csv.write_text("customer,contact,paid_until\nРомашка,anna@romashka.ru,2099-01-01\n", encoding="utf-8")
    assert yudesk("licence", "import", str(csv)).returncode == 0
    deliver(Desk.from_env(), make_mail(subject="Таблица"))
    assert yudesk("intake", "run").returncode == 0
    for command in ("tickets", "queue", "work"):
        result = yudesk(command)
        assert result.returncode == 0, result.stderr
    assert "Таблица" in yudesk("tickets").stdout


def test_agent_can_answer_and_override_from_the_cli(home: Path, tmp_path: Path) -> None:
    """S-OPS-3, S-SCOPE-1: `yudesk act` answers and overrides; bad input is one error line."""
    from yudesk.desk import Desk

    csv = tmp_path / "reg.csv"
    csv.write_text("customer,contact,paid_until\nРомашка,anna@romashka.ru,2099-01-01\n", encoding="utf-8")
    yudesk("licence", "import", str(csv))
    deliver(Desk.from_env(), make_mail())
    yudesk("intake", "run")
    (ticket,) = json.loads(yudesk("tickets", "--json").stdout)
    result = yudesk("act", ticket["id"], "override-scope", "--scope", "malfunction", "--critical", "--agent", "olga")
    assert result.returncode == 0, result.stderr
    result = yudesk("act", ticket["id"], "answer", "--text", "Проверьте настройки", "--agent", "olga")
    assert result.returncode == 0, result.stderr
    (after,) = json.loads(yudesk("tickets", "--json").stdout)
    assert (after["scope"], after["critical"], after["status"], after["reaction_due"]) == ("malfunction", True, "open", None)
    bad = yudesk("act", ticket["id"], "dance")
    assert bad.returncode != 0 and bad.stderr.startswith("error: ")


def test_listing_before_init_is_a_one_line_error(tmp_path: Path, monkeypatch) -> None:
    """CLI contract: a missing database is explained in one line, not a traceback."""
    monkeypatch.setenv("YUDESK_HOME", str(tmp_path / "nowhere"))
    monkeypatch.delenv("YUDESK_DATABASE_URL", raising=False)
    result = yudesk("tickets", "--json")
    assert result.returncode == 1
    assert result.stderr.startswith("error: database:") and "Traceback" not in result.stderr

"""`yudesk triage` engine (CLI contract): JSON Lines in, JSON Lines out in the same order, a
bad line gets an error object in its place and the stream goes on."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from yudesk.triage.jsonl import main, triage_stream

ROOT = Path(__file__).resolve().parents[2]


def _run(lines: list[str]) -> tuple[list[dict], int]:
    out = io.StringIO()
    bad = triage_stream(io.StringIO("\n".join(lines) + "\n"), out)
    return [json.loads(line) for line in out.getvalue().splitlines()], bad


def test_one_output_line_per_input_in_order() -> None:
    """CLI contract: same order, one object per request, the five fields."""
    rows, bad = _run(
        [
            json.dumps({"text": "Как через API создать сделку?"}),
            json.dumps({"text": "Нужен новый лендинг", "channel": "telegram"}),
            json.dumps({"text": "см. тему", "subject": "Не открывается CRM у всех"}),
        ]
    )
    assert bad == 0
    assert [r["scope"] for r in rows] == ["api", "web_design", "malfunction"]
    assert all(set(r) == {"scope", "critical", "abusive", "credentials", "evidence"} for r in rows)


def test_bad_lines_get_an_error_in_their_place() -> None:
    """CLI contract: invalid JSON or a missing text is reported by line and skipped over."""
    rows, bad = _run(
        [
            json.dumps({"text": "как скрыть раздел отчёты?"}),
            "{not json",
            json.dumps({"subject": "no text"}),
            json.dumps(["a list"]),
            json.dumps({"text": 42}),
            json.dumps({"text": "Нужен новый лендинг"}),
        ]
    )
    assert bad == 4
    assert rows[0]["scope"] == "configuration"
    assert rows[1]["error"].startswith("line 2: invalid JSON")
    assert rows[2] == {"error": 'line 3: missing "text"'}
    assert rows[3]["error"].startswith("line 4:")
    assert rows[4]["error"].startswith("line 5:")
    assert rows[5]["scope"] == "web_design"


def test_output_is_utf8_not_escaped() -> None:
    """CLI contract: UTF-8 JSON (ensure_ascii=False), readable Russian evidence."""
    out = io.StringIO()
    triage_stream(io.StringIO(json.dumps({"text": "Настройте нам воронку"}) + "\n"), out)
    assert "настройте нам" in out.getvalue()


def test_secrets_never_reach_the_output_stream() -> None:
    """S-CRED-1: the JSON Lines output masks every secret."""
    rows, _ = _run([json.dumps({"text": "пароль от панели: admin / Qwe!2345xy"})])
    assert rows[0]["credentials"] is True
    assert "Qwe!2345xy" not in json.dumps(rows[0], ensure_ascii=False)


def test_main_reads_a_file_and_exits_non_zero_on_bad_lines(tmp_path: Path, capsys) -> None:
    """CLI contract: `python -m yudesk.triage.jsonl FILE`; exit 1 when a line was bad."""
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"text": "как скрыть раздел?"}) + "\nnope\n", encoding="utf-8")
    assert main([str(path)]) == 1
    assert main([str(tmp_path / "missing.jsonl")]) == 2


def test_module_runs_as_a_program() -> None:
    """CLI contract: the module is runnable and streams stdin to stdout."""
    proc = subprocess.run(
        [sys.executable, "-m", "yudesk.triage.jsonl", "-"],
        input=json.dumps({"text": "Как рассчитывается поле «Вероятность»?"}) + "\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    )
    assert json.loads(proc.stdout)["scope"] == "how_it_works"


def test_module_import_stays_light() -> None:
    """The CLI must start fast: no Prefect or SQLAlchemy is imported by triage."""
    code = (
        "import sys, yudesk.triage.jsonl, yudesk.triage;"
        "bad=[m for m in sys.modules if m.split('.')[0] in ('prefect','sqlalchemy')];"
        "print(bad)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert proc.stdout.strip() == "[]"

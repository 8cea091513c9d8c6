"""The compiled triage build (yudesk/triage/native.py): it runs only while it matches the
sources, and it classifies exactly like the pure-Python code (S-SCOPE-1, S-PRI-1, S-POST-1,
S-CRED-1 hold whichever runs)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from yudesk.triage import classify, native

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "triage"

# Classifies every corpus line and prints the results as JSON, plus whether the compiled
# build ran (first line).
_CLASSIFY_ALL = """
import glob, json, sys
from yudesk.triage import classify, native
print(json.dumps(native.ACTIVE))
for path in sorted(glob.glob(sys.argv[1] + "/*.jsonl")):
    for line in open(path, encoding="utf-8"):
        row = json.loads(line)
        r = classify(row["text"], row.get("subject"), row.get("channel"))
        print(json.dumps([r.scope, r.critical, r.abusive, r.credentials, r.evidence,
                          [(s.start, s.end, s.kind) for s in r.secret_spans]],
                         ensure_ascii=False))
"""


def _classify_all(native_switch: str) -> tuple[bool, list[str]]:
    env = {**os.environ, native.ENV_SWITCH: native_switch, "PYTHONHASHSEED": "1"}
    proc = subprocess.run(
        [sys.executable, "-c", _CLASSIFY_ALL, str(DATA)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    first, *rest = proc.stdout.splitlines()
    return json.loads(first), rest


def _copy_build(tmp_path: Path) -> Path:
    copy = tmp_path / "_native"
    shutil.copytree(native.BUILD_DIR, copy)
    return copy


def _rewrite_manifest(build_dir: Path, **changes: object) -> None:
    path = build_dir / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_native_build_matches_the_sources_and_is_loaded() -> None:
    """`make test` builds the compiled hot path first; this process must be running it."""
    assert native.build_status() == "ok"
    assert native.ACTIVE
    import yudesk.triage.matcher as matcher

    assert Path(matcher.__file__).suffix == ".so"


def test_compiled_and_pure_classify_every_corpus_line_alike() -> None:
    """Same labels, evidence and secret spans, line for line, on every labelled file."""
    compiled_ran, compiled = _classify_all("1")
    pure_ran, pure = _classify_all("0")
    assert compiled_ran and not pure_ran
    assert len(compiled) > 4000
    assert compiled == pure


def test_a_changed_source_turns_the_whole_build_off(tmp_path: Path) -> None:
    """One stale module would call the others' old compiled code: none may load."""
    build_dir = _copy_build(tmp_path)
    data = json.loads((build_dir / "manifest.json").read_text(encoding="utf-8"))
    sources = dict(data["sources"])
    sources["matcher"] = "0" * 64
    _rewrite_manifest(build_dir, sources=sources)
    assert native.build_status(build_dir) == "matcher.py changed since the build"
    path: list[str] = []
    assert native.activate(path, build_dir) is False
    assert path == []


def test_a_build_for_another_interpreter_is_not_loaded(tmp_path: Path) -> None:
    build_dir = _copy_build(tmp_path)
    _rewrite_manifest(build_dir, interpreter="cpython-399-x")
    assert native.build_status(build_dir).startswith("built for cpython-399-x")


def test_a_failed_build_leaves_the_pure_classifier(tmp_path: Path) -> None:
    build_dir = tmp_path / "_native"
    build_dir.mkdir()
    (build_dir / "manifest.json").write_text(json.dumps({"error": "gcc: not found"}))
    assert native.build_status(build_dir) == "build failed: gcc: not found"
    assert native.build_status(tmp_path / "nothing") == "not built (make native)"


def test_the_switch_forces_the_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(native.ENV_SWITCH, "0")
    path: list[str] = []
    assert native.activate(path) is False
    assert path == []


@pytest.mark.parametrize("odd", [None, b"\xd0\xbd\xd0\xb5", 42, ["list"]])
def test_classify_never_raises_on_non_text_input(odd: object) -> None:
    """The compiled build checks argument types at run time: classify() must accept any
    object, as its contract says (None is an empty message)."""
    result = classify(odd, subject=odd, channel=odd)
    assert result.scope
    assert result.evidence

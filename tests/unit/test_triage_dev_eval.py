"""Quality floor on the held-out dev split (S-SCOPE-1, S-PRI-1, S-POST-1, S-CRED-1).

The model is trained on every train*.jsonl file (four writers) and never on dev.jsonl, which
measures it. Dev is written by the same writer as train.jsonl, so it flatters: the honest
figure is bench/triage_eval.py --leave-one-author-out. The floors sit a little below what the
shipped version achieves (scope 0.934, critical 1.00/0.95, abusive and credentials
1.00/1.00), so they catch regressions, not noise: one more miss in a class of ~22 costs 0.045.
Run `bench/triage_eval.py dev --errors` for the full table and every miss.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "tests" / "data" / "triage" / "dev.jsonl"

pytestmark = pytest.mark.skipif(not DEV.exists(), reason="dev split not present")


def _evaluate() -> dict:
    spec = importlib.util.spec_from_file_location("triage_eval", ROOT / "bench" / "triage_eval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with DEV.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    metrics = module.evaluate(rows)
    module.report(metrics, show_errors=False)  # printed with `pytest -s`
    return metrics


@pytest.fixture(scope="module")
def metrics() -> dict:
    return _evaluate()


def test_dev_scope_accuracy_floor(metrics: dict) -> None:
    """S-SCOPE-1: at least 90% of dev requests get the right scope."""
    assert metrics["scope_accuracy"] >= 0.90


def test_dev_every_class_is_mostly_right(metrics: dict) -> None:
    """S-SCOPE-1: no class collapses (each at least 70% on dev)."""
    worst = {c: acc for c, (acc, _) in metrics["per_class"].items() if acc < 0.70}
    assert not worst


@pytest.mark.parametrize(
    ("flag", "precision", "recall"),
    [("critical", 0.95, 0.95), ("abusive", 0.95, 0.94), ("credentials", 0.96, 0.96)],
)
def test_dev_flag_precision_and_recall_floor(
    metrics: dict, flag: str, precision: float, recall: float
) -> None:
    """S-PRI-1 / S-POST-1 / S-CRED-1: flags are found and seldom raised for nothing."""
    f = metrics["flags"][flag]
    assert f["precision"] >= precision, f
    assert f["recall"] >= recall, f

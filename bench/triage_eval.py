"""Triage quality on a labelled JSON Lines split (default: tests/data/triage/dev.jsonl).

    .venv/bin/python bench/triage_eval.py [SPLIT_OR_FILE] [--file FILE] [--errors]
                                          [--no-model] [--lemmatiser pymorphy3|snowball]
                                          [--model FILE]

Prints scope accuracy (overall and per class), per-flag precision/recall, the scope
confusion pairs, and with --errors every misclassified message. SPLIT is a name under
tests/data/triage (train, train_more, dev, holdout) or a path to any labelled JSON Lines
file; --file FILE says the same explicitly. Tune on train and train_more, report on dev;
holdout.jsonl is measured once, at the end, and never tuned on.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from yudesk.triage.pipeline import build_engine, classify  # noqa: E402
from yudesk.triage.result import SCOPES  # noqa: E402

DATA = ROOT / "tests" / "data" / "triage"
FLAGS = ("critical", "abusive", "credentials")


def load(split: str) -> list[dict[str, Any]]:
    """Rows of a split name (tests/data/triage/<name>.jsonl) or of a .jsonl path."""
    path = Path(split) if split.endswith(".jsonl") else DATA / f"{split}.jsonl"
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate(rows: list[dict[str, Any]], eng: Any = None) -> dict[str, Any]:
    """Metrics of classify() over labelled rows (also used by the unit test's floor)."""
    per_class: Counter[str] = Counter()
    per_class_ok: Counter[str] = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    flag_tp: Counter[str] = Counter()
    flag_fp: Counter[str] = Counter()
    flag_fn: Counter[str] = Counter()
    errors = []
    for row in rows:
        res = classify(row["text"], row.get("subject"), row.get("channel"), eng=eng)
        per_class[row["scope"]] += 1
        if res.scope == row["scope"]:
            per_class_ok[row["scope"]] += 1
        else:
            confusion[(row["scope"], res.scope)] += 1
        wrong = [] if res.scope == row["scope"] else ["scope"]
        for flag in FLAGS:
            got, want = getattr(res, flag), bool(row[flag])
            flag_tp[flag] += got and want
            flag_fp[flag] += got and not want
            flag_fn[flag] += want and not got
            if got != want:
                wrong.append(flag)
        if wrong:
            errors.append((row, res, wrong))
    n = len(rows)
    metrics: dict[str, Any] = {
        "n": n,
        "scope_accuracy": sum(per_class_ok.values()) / n if n else 0.0,
        "per_class": {
            c: (per_class_ok[c] / per_class[c], per_class[c]) for c in SCOPES if per_class[c]
        },
        "flags": {},
        "confusion": confusion,
        "errors": errors,
    }
    for flag in FLAGS:
        tp, fp, fn = flag_tp[flag], flag_fp[flag], flag_fn[flag]
        metrics["flags"][flag] = {
            "precision": tp / (tp + fp) if tp + fp else 1.0,
            "recall": tp / (tp + fn) if tp + fn else 1.0,
            "tp": tp,
            "fp": fp,
            "fn": fn,
        }
    return metrics


def report(m: dict[str, Any], show_errors: bool) -> None:
    print(f"messages: {m['n']}")
    print(f"scope accuracy: {m['scope_accuracy']:.3f}")
    print("| class | accuracy | n |")
    print("|---|---|---|")
    for cls, (acc, count) in m["per_class"].items():
        print(f"| {cls} | {acc:.3f} | {count} |")
    print("| flag | precision | recall | tp | fp | fn |")
    print("|---|---|---|---|---|---|")
    for flag, f in m["flags"].items():
        print(
            f"| {flag} | {f['precision']:.3f} | {f['recall']:.3f} | {f['tp']} | {f['fp']} "
            f"| {f['fn']} |"
        )
    print("confusions (true -> predicted):")
    for (want, got), count in m["confusion"].most_common(15):
        print(f"  {want} -> {got}: {count}")
    if show_errors:
        for row, res, wrong in m["errors"]:
            print("-" * 80)
            print(
                f"WRONG {wrong}: want {row['scope']} c={row['critical']} a={row['abusive']} "
                f"cr={row['credentials']}  got {res.scope} c={res.critical} a={res.abusive} "
                f"cr={res.credentials}"
            )
            if row.get("subject"):
                print(f"SUBJECT: {row['subject']}")
            print(row["text"])
            for line in res.evidence:
                print("   ", line)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("split", nargs="?", default="dev")
    ap.add_argument("--file", type=Path, default=None, help="a labelled JSON Lines file")
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--no-model", action="store_true")
    ap.add_argument("--lemmatiser", default=None)
    ap.add_argument("--model", type=Path, default=None, help="another model file")
    args = ap.parse_args()
    rows = load(str(args.file) if args.file is not None else args.split)
    t0 = time.perf_counter()
    eng = build_engine(args.lemmatiser, use_model=not args.no_model, model_path=args.model)
    t1 = time.perf_counter()
    m = evaluate(rows, eng)
    t2 = time.perf_counter()
    print(
        f"lemmatiser: {eng.lemmatiser.name}  model: {'on' if eng.model else 'off'}  "
        f"engine load s: {t1 - t0:.3f}  classify s: {t2 - t1:.3f}"
    )
    report(m, args.errors)


if __name__ == "__main__":
    main()

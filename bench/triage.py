"""Triage throughput: classify() in one process, and the whole `python -m yudesk.triage.jsonl`.

    .venv/bin/python bench/triage.py [--n 10000]

Messages cycle through the train and dev texts with a small variation per round (a counter
appended, case changed), so caches see realistic reuse of words but not of whole messages.
A same-run baseline - a bare loop that only normalises and tokenises the same messages, and a
JSON round trip - makes the figures comparable across machines: compare the ratios. The
classifier's figure is the median of three first passes, each in a fresh process (the VM's
figures swing by ±10 % from run to run), and the same is measured with the compiled build
switched off (yudesk/triage/native.py), so the gain of the build shows in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT / "tests" / "data" / "triage"
RUNS = 3


def messages(n: int) -> list[dict[str, str]]:
    base: list[dict[str, str]] = []
    for split in ("train", "dev"):
        with (DATA / f"{split}.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                item = {"text": row["text"], "channel": row.get("channel", "email")}
                if row.get("subject"):
                    item["subject"] = row["subject"]
                base.append(item)
    out = []
    for i in range(n):
        item = dict(base[i % len(base)])
        rnd = i // len(base)
        if rnd:
            # A variation per round: new whole-message strings, the same vocabulary.
            text = item["text"]
            item["text"] = (text.upper() if rnd % 3 == 1 else text) + f"\n№{rnd}"
        out.append(item)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--classify-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    msgs = messages(args.n)

    from yudesk.triage import native
    from yudesk.triage.normalize import fold, strip_quotes, strip_signature, tokenize
    from yudesk.triage.pipeline import classify, engine

    if args.classify_only:
        engine()
        t0 = time.perf_counter()
        for m in msgs:
            classify(m["text"], m.get("subject"), m.get("channel"))
        print(f"{len(msgs) / (time.perf_counter() - t0):.0f}")
        return

    t0 = time.perf_counter()
    engine()
    load_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    for m in msgs:
        tokenize(fold(strip_signature(strip_quotes(m["text"]))))
    base_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    for m in msgs:
        json.loads(json.dumps(m, ensure_ascii=False))
    json_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    for m in msgs:
        classify(m["text"], m.get("subject"), m.get("channel"))
    first_s = time.perf_counter() - t0

    # The classifier's figure: each run a first pass in a fresh process (cold caches, as in
    # this one), median of RUNS; the same with the compiled build switched off.
    def rates(switch: str) -> list[float]:
        out = []
        for _ in range(RUNS):
            child = subprocess.run(
                [sys.executable, __file__, "--n", str(args.n), "--classify-only"],
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT), native.ENV_SWITCH: switch},
                stdout=subprocess.PIPE,
                text=True,
                check=True,
            )
            out.append(float(child.stdout.split()[-1]))
        return out

    build_rates = rates("1")
    pure_rates = rates("0")
    rate = statistics.median(build_rates)
    pure_rate = statistics.median(pure_rates)
    cls_s = args.n / rate

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        for m in msgs:
            fh.write(json.dumps(m, ensure_ascii=False) + "\n")
        path = fh.name
    try:
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "yudesk.triage.jsonl", path],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.PIPE,
            check=False,
        )
        proc_s = time.perf_counter() - t0
        out_lines = proc.stdout.count(b"\n")
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        python_s = time.perf_counter() - t0
    finally:
        os.unlink(path)

    n = len(msgs)
    build = "native (mypyc)" if native.ACTIVE else f"pure Python: {native.build_status()}"
    print(f"classifier build: {build}")
    print(f"messages: {n}")
    print(f"engine load s: {load_s:.3f}")
    print(f"classify msg/s: {rate:.0f} (median of {RUNS} fresh processes: {show(build_rates)})")
    print(f"classify msg/s in this process: {n / first_s:.0f}")
    print(f"classify msg/s, pure Python (same run): {pure_rate:.0f} ({show(pure_rates)})")
    print(f"ratio: {rate / pure_rate:.2f} (this build / pure Python)")
    print(f"baseline normalise+tokenise msg/s: {n / base_s:.0f}")
    print(f"baseline json round trip msg/s: {n / json_s:.0f}")
    print(f"ratio: {cls_s / base_s:.1f} (classify time / normalise+tokenise time, same run)")
    print(f"process wall s: {proc_s:.2f} (exit {proc.returncode}, {out_lines} lines)")
    print(f"baseline bare python start s: {python_s:.3f}")
    print(f"ratio process wall / classify-only time: {proc_s / cls_s:.2f}")


def show(rates: list[float]) -> str:
    return ", ".join(f"{r:,.0f}" for r in rates)


if __name__ == "__main__":
    main()

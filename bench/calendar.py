"""Benchmark: business-time deadlines per second, against a minute-stepping baseline.

    .venv/bin/python bench/calendar.py [--pairs 100000] [--baseline 2000] [--seed 20250601]

100,000 (start, target) pairs with a fixed seed: starts on any minute of 2024–2027 (nights,
weekends and holidays included), targets 1–40 business hours. The baseline walks minute by
minute over the same calendar's days; it runs on a subsample, is extrapolated, and must
agree with the fast path on every pair it computes.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as `python bench/calendar.py`, this file's folder comes first on sys.path and the
# file would shadow the stdlib `calendar` module that `holidays` imports: drop the folder.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import argparse  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from datetime import date, datetime, timedelta  # noqa: E402

from yudesk.calendar import MOSCOW, BusinessCalendar, CalendarFallbackWarning  # noqa: E402

TARGET_RATE = 100_000  # deadlines/s the fast path must reach on a 2-core machine
FIRST = datetime(2024, 1, 1, tzinfo=MOSCOW)
MINUTES_IN_RANGE = int((datetime(2028, 1, 1, tzinfo=MOSCOW) - FIRST).total_seconds() // 60)


def make_pairs(count: int, seed: int) -> list[tuple[datetime, int]]:
    rnd = random.Random(seed)
    return [
        (FIRST + timedelta(minutes=rnd.randrange(MINUTES_IN_RANGE)), rnd.randint(60, 40 * 60))
        for _ in range(count)
    ]


def minute_stepping(cal: BusinessCalendar, start: datetime, minutes: int) -> datetime:
    """The straightforward way: advance a minute at a time, counting open minutes."""
    windows: dict[date, tuple[tuple[datetime, datetime], ...]] = {}
    t = start
    left = minutes
    while left:
        d = t.date()
        if d not in windows:
            windows[d] = cal.day(d).intervals
        if any(a <= t < b for a, b in windows[d]):
            left -= 1
        t += timedelta(minutes=1)
    return t


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=100_000)
    parser.add_argument("--baseline", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=20250601)
    args = parser.parse_args(argv)

    pairs = make_pairs(args.pairs, args.seed)
    # Deadlines late in 2027 run into 2028, which has no data file yet: expected here.
    warnings.simplefilter("ignore", CalendarFallbackWarning)

    cal = BusinessCalendar()
    began = time.perf_counter()
    fast = [cal.add(start, minutes) for start, minutes in pairs]
    fast_seconds = time.perf_counter() - began
    rate = len(pairs) / fast_seconds

    sample = pairs[: args.baseline]
    reference = BusinessCalendar()
    reference.year(2024)  # build the data outside the timing, as for the fast path
    began = time.perf_counter()
    slow = [minute_stepping(reference, start, minutes) for start, minutes in sample]
    slow_seconds = time.perf_counter() - began
    baseline_rate = len(sample) / slow_seconds

    checked = zip(sample, fast[: len(sample)], slow, strict=True)
    disagreements = [(pair, f, s) for pair, f, s in checked if f != s]
    assert not disagreements, f"fast path and baseline disagree: {disagreements[:3]}"

    print(f"pairs: {len(pairs)} (seed {args.seed}), baseline sample: {len(sample)}")
    print(f"deadlines/s: {rate:,.0f}")
    print(f"baseline deadlines/s: {baseline_rate:,.0f}")
    print(f"speedup: {rate / baseline_rate:,.0f}x")
    print(f"baseline agrees on {len(sample)} pairs: yes")
    if rate < TARGET_RATE:
        print(f"below the target of {TARGET_RATE:,} deadlines/s", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

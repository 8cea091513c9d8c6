"""Intake throughput on the embedded default (Maildir + SQLite), against a same-run floor.

Generates 10,000 mixed messages (customers, colleagues, unknown and expired senders,
auto-replies and bounces, lying charsets, attachments, garbage) in a Maildir, then:
  floor  : stdlib `email` parse + one SQLite insert per message (one transaction);
  intake : one full `yudesk intake run` cycle (store once, filters, triage, tickets, replies).
Each runs in its own process so peak RSS is its own (the intake's preparation worker is
reported beside it). The intake runs three times, each on its own copy of the Maildir;
the median is reported, with every run's figure. Prints msg/s, peak RSS and the ratio.
Target (issue 2): ≥ 2,000 msg/s and ≤ 3× the floor's time.

Writing a reply creates a file, and on ext4 creating files costs 40 µs or 200+ µs of kernel
time depending on whether many files were deleted recently nearby (the allocator skips
recently freed inodes). The disk probe line shows which case a run met; --dir chooses where
the Maildirs live (default: the system temporary directory).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# bench/calendar.py would shadow the stdlib `calendar` that `email` imports.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

SUBJECTS = [
    "Не открывается карточка сделки",
    "Как настроить воронку",
    "Вопрос по API",
    "Ошибка в отчёте",
    "Пожелание",
    "Интеграция с телефонией",
    "Срочно!",
]
BODIES = [
    "Подскажите, как добавить новое поле «ИНН» в карточку компании и сделать его обязательным?",
    "С 11:00 не открывается ни одна карточка сделки, у всех сотрудников крутится загрузка.",
    "В отчёте по звонкам длительность показывается в секундах вместо минут.",
    "Как через API создать сделку сразу с контактом одним запросом?",
    "Добавьте, пожалуйста, возможность закреплять заметки вверху карточки.",
    "Подключаем телефонию Билайн. Что нужно взять из их кабинета для интеграции с CRM?",
    "Создайте нам сами воронку и этапы по нашему регламенту, документ приложен.",
]
SIGNATURE = "\n\nС уважением,\nменеджер отдела продаж\nтел. +7 (912) 345-67-89\n"


def _mail(i: int, sender: str, rng: random.Random, kind: str) -> bytes:
    subject = rng.choice(SUBJECTS)
    body = rng.choice(BODIES) + SIGNATURE
    head = [
        f"From: {sender}",
        "To: support@yucrm.ru",
        f"Message-ID: <bench-{i}@client.example>",
        "Date: Wed, 25 Nov 2026 10:00:00 +0300",
        "MIME-Version: 1.0",
    ]
    enc_subject = "=?utf-8?B?" + base64.b64encode(subject.encode()).decode() + "?="
    if kind == "auto":
        head += ["Auto-Submitted: auto-replied", f"Subject: Автоответ: {enc_subject}"]
    elif kind == "bounce":
        head[0] = "From: MAILER-DAEMON@mx.example"
        head += ["Subject: Undelivered Mail Returned to Sender", "Return-Path: <>"]
    else:
        head.append(f"Subject: {enc_subject}")
    if kind == "cp1251":
        head += ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"]
        return ("\r\n".join(head) + "\r\n\r\n").encode() + body.encode("cp1251")
    if kind == "attachment":
        head.append('Content-Type: multipart/mixed; boundary="b1"')
        png = base64.encodebytes(bytes(rng.randrange(256) for _ in range(3000))).decode()
        text = base64.encodebytes(body.encode()).decode()
        parts = (
            "--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            f"{text}\r\n--b1\r\nContent-Type: image/png\r\n"
            'Content-Disposition: attachment; filename="screen.png"\r\n'
            f"Content-Transfer-Encoding: base64\r\n\r\n{png}\r\n--b1--\r\n"
        )
        return ("\r\n".join(head) + "\r\n\r\n" + parts).encode()
    if kind == "garbage":
        return bytes(rng.randrange(256) for _ in range(600))
    head += ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64"]
    return ("\r\n".join(head) + "\r\n\r\n" + base64.encodebytes(body.encode()).decode()).encode()


def generate(home: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    new = home / "mail" / "inbox" / "new"
    new.mkdir(parents=True, exist_ok=True)
    lines = ["customer,contact,paid_until"]
    for c in range(1000):
        paid = "2020-01-31" if c % 20 == 0 else "2099-12-31"
        for k in range(3):
            lines.append(f"Клиент {c},user{k}@client{c}.example,{paid}")
    (home / "licences.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    kinds = (
        ["plain"] * 70
        + ["unknown"] * 8
        + ["auto"] * 4
        + ["bounce"] * 2
        + ["cp1251"] * 8
        + ["attachment"] * 7
        + ["garbage"] * 1
    )
    for i in range(count):
        kind = rng.choice(kinds)
        sender = (
            f"stranger{i}@nowhere.example"
            if kind == "unknown"
            else f"user{rng.randrange(3)}@client{rng.randrange(1000)}.example"
        )
        (new / f"{1700000000 + i}.{i}.bench").write_bytes(_mail(i, sender, rng, kind))


def child_floor(home: Path, mode: str) -> dict[str, float]:
    """The baseline: stdlib parse + one SQLite insert per message, one transaction.

    floor: `email.message_from_bytes(policy=email.policy.default)` — the stdlib's documented
           API for new code — with From, Subject, Message-ID and the text body, i.e. the least
           that stores a message "in text form" (S-CH-2);
    bare : the legacy compat32 parser reading two headers and no body (a lower bound).
    """
    import email
    import email.policy
    import sqlite3

    db = sqlite3.connect(home / f"{mode}.db")
    db.execute(
        "CREATE TABLE m (id INTEGER PRIMARY KEY, mid TEXT UNIQUE, sender TEXT, subject TEXT, "
        "body TEXT, raw BLOB)"
    )
    start = time.perf_counter()
    n = 0
    for entry in sorted(os.scandir(home / "mail" / "inbox" / "new"), key=lambda e: e.name):
        data = Path(entry.path).read_bytes()
        body = ""
        if mode == "floor":
            msg = email.message_from_bytes(data, policy=email.policy.default)
            try:
                part = msg.get_body(("plain", "html"))
                body = part.get_content() if part is not None else ""
            except (LookupError, ValueError, AttributeError):
                body = ""  # the stdlib gives up on some bodies; a floor may too
        else:
            msg = email.message_from_bytes(data)
        db.execute(
            "INSERT OR IGNORE INTO m (mid, sender, subject, body, raw) VALUES (?, ?, ?, ?, ?)",
            (str(msg.get("Message-ID") or entry.name), str(msg.get("From")), str(msg.get("Subject")), body, data),
        )
        n += 1
    db.commit()
    return {"seconds": time.perf_counter() - start, "messages": n}


def child_intake(home: Path) -> dict[str, float]:
    os.environ["YUDESK_HOME"] = str(home)
    os.environ.pop("YUDESK_DATABASE_URL", None)
    from pathlib import Path as P

    from models.db import session_scope, upgrade
    from yudesk.desk import Desk
    from yudesk.intake.service import run_intake
    from yudesk.licences import import_registry, read_registry_csv

    desk = Desk.from_env()
    desk.ensure_secret_key()
    for box in ("inbox", "outbox"):
        for sub in ("new", "cur", "tmp"):
            (home / "mail" / box / sub).mkdir(parents=True, exist_ok=True)
    upgrade(desk.url)
    with session_scope(desk.url) as session:
        import_registry(session, read_registry_csv(P(home / "licences.csv")))
    import yudesk.triage  # noqa: F401 - load rules before the clock starts, as a served worker has

    start = time.perf_counter()
    report = run_intake(desk)
    seconds = time.perf_counter() - start
    worker_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "seconds": seconds,
        "messages": report.fetched,
        "worker_rss_mib": worker_rss,
        **report.as_dict(),
    }


def probe_disk(where: Path, count: int = 2000) -> float:
    """µs to create, write and rename one reply-sized file here (what a Maildir send does).

    Run after the measurements, and its files left for the final cleanup: deleting them would
    itself slow file creation nearby for minutes."""
    probe = Path(tempfile.mkdtemp(prefix="probe-", dir=where))
    start = time.perf_counter()
    for i in range(count):
        tmp = probe / f"{i}.tmp"
        tmp.write_bytes(b"x" * 2048)
        os.rename(tmp, probe / f"{i}.eml")
    return (time.perf_counter() - start) / count * 1e6


def _run_child(mode: str, home: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(home)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--child", nargs=2, metavar=("MODE", "HOME"))
    parser.add_argument("--dir", type=Path, default=None, help="where the Maildirs live")
    parser.add_argument("--runs", type=int, default=3, help="intake runs; the median is reported")
    args = parser.parse_args()
    if args.child:
        mode, home = args.child
        result = child_intake(Path(home)) if mode == "intake" else child_floor(Path(home), mode)
        result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory(prefix="yudesk-bench-", dir=args.dir) as tmp:
        pristine = Path(tmp) / "pristine"
        generate(pristine, args.count)
        # Every run gets its own copy, made before any run: nothing is deleted in between.
        homes = [Path(tmp) / name for name in ("floor", *(f"intake{i}" for i in range(args.runs)))]
        for home in homes:
            shutil.copytree(pristine, home)
        floor = _run_child("floor", homes[0])
        bare = _run_child("bare", homes[0])
        runs = sorted((_run_child("intake", home) for home in homes[1:]), key=lambda r: r["seconds"])
        intake = runs[len(runs) // 2]  # the median run
        disk = probe_disk(Path(tmp))
    rate = intake["messages"] / intake["seconds"]
    print(f"messages: {int(intake['messages'])}")
    print(f"disk probe: {disk:.0f} µs per reply-sized file created and renamed")
    rates = ", ".join(f"{r['messages'] / r['seconds']:,.0f}" for r in runs)
    print(f"intake (median of {len(runs)}): {intake['seconds']:.2f} s, {rate:,.0f} msg/s (runs: {rates}), "
          f"peak RSS {intake['peak_rss_mib']:.0f} MiB (+ largest worker process {intake['worker_rss_mib']:.0f} MiB)")
    for name, base in (("floor (stdlib policy.default parse with body + one SQLite insert each)", floor),
                       ("bare  (compat32, two headers, no body + one SQLite insert each)", bare)):
        base_rate = base["messages"] / base["seconds"]
        print(f"{name}: {base['seconds']:.2f} s, {base_rate:,.0f} msg/s, peak RSS {base['peak_rss_mib']:.0f} MiB, "
              f"intake/baseline time {intake['seconds'] / base['seconds']:.2f}x")
    print(f"targets: ≥ 2,000 msg/s: {'met' if rate >= 2000 else 'NOT met'}; "
          f"≤ 3x floor: {'met' if intake['seconds'] <= 3 * floor['seconds'] else 'NOT met'}")
    print("cycle report: " + ", ".join(f"{k}={int(v)}" for k, v in intake.items()
                                        if k not in ("seconds", "messages", "peak_rss_mib",
                                                     "worker_rss_mib")))


if __name__ == "__main__":
    main()

"""JSON Lines in, JSON Lines out: the engine of ``yudesk triage [FILE|-]``.

One output line per input line, in the same order, so a caller can zip them. A bad line gets
``{"error": "line N: ..."}`` in its place and the stream goes on; the count of bad lines is
returned (the CLI turns a non-zero count into a non-zero exit status). Blank lines are
skipped without an output line: they are no request at all.

Run as ``python -m yudesk.triage.jsonl [FILE|-]``; only what classify() needs is imported.
"""

from __future__ import annotations

import contextlib
import json
import sys
from typing import Any, TextIO

from yudesk.triage.pipeline import classify, engine


def _error(lineno: int, why: str) -> dict[str, Any]:
    return {"error": f"line {lineno}: {why}"}


def triage_line(line: str, lineno: int) -> tuple[dict[str, Any], bool]:
    """(output object, ok?) for one input line."""
    try:
        item = json.loads(line)
    except ValueError as exc:
        return _error(lineno, f"invalid JSON ({exc.msg} at column {exc.colno})"), False
    if not isinstance(item, dict):
        return _error(lineno, 'expected a JSON object with a "text" field'), False
    text = item.get("text")
    if not isinstance(text, str):
        why = 'missing "text"' if text is None else '"text" must be a string'
        return _error(lineno, why), False
    subject = item.get("subject")
    channel = item.get("channel")
    result = classify(
        text,
        subject if isinstance(subject, str) else None,
        channel if isinstance(channel, str) else None,
    )
    return result.to_json(), True


def triage_stream(infile: TextIO, outfile: TextIO) -> int:
    """Classify every JSON line of ``infile`` into ``outfile``; return the number of bad lines."""
    bad = 0
    for lineno, line in enumerate(infile, start=1):
        if not line.strip():
            continue
        out, ok = triage_line(line, lineno)
        bad += not ok
        outfile.write(json.dumps(out, ensure_ascii=False))
        outfile.write("\n")
    outfile.flush()
    return bad


def _utf8(stream: TextIO, errors: str = "strict") -> None:
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        # A stream already in use or not a real file (tests): leave it as it is.
        with contextlib.suppress(ValueError, OSError):
            reconfigure(encoding="utf-8", errors=errors)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1 or (args and args[0] in ("-h", "--help")):
        print("usage: python -m yudesk.triage.jsonl [FILE|-]", file=sys.stderr)
        return 2
    # Messages are UTF-8 by contract, whatever the locale of the shell that pipes them in.
    _utf8(sys.stdout)
    # A short-lived process: the lemmatiser's dictionaries load only if a word is missing
    # from the shipped lemma table, so a line or two of common words starts fast.
    engine(eager=False)
    if not args or args[0] == "-":
        _utf8(sys.stdin, errors="replace")
        bad = triage_stream(sys.stdin, sys.stdout)
    else:
        try:
            with open(args[0], encoding="utf-8", errors="replace") as fh:
                bad = triage_stream(fh, sys.stdout)
        except OSError as exc:
            print(f"yudesk triage: cannot read {args[0]}: {exc.strerror}", file=sys.stderr)
            return 2
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

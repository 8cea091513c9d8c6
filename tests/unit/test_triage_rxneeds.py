"""The characters a regex cannot match without (yudesk/triage/rxneeds.py): a text lacking
them holds no match, so the credential detectors and rule regexes skip their search there.
Checked on hand-made patterns, and on every credential detector and rule regex: each of
their examples, and every corpus text a regex matches, holds what it is said to need."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from yudesk.triage import credentials
from yudesk.triage.normalize import holds_needed
from yudesk.triage.pipeline import engine
from yudesk.triage.rxneeds import needed_chars

DATA = Path(__file__).resolve().parents[1] / "data" / "triage"


@pytest.mark.parametrize(
    ("pattern", "flags", "needed"),
    [
        (r"key\s*=\s*(?P<secret>\S+)", re.I, ("=",)),
        (r"(?:\s*=|[\"']\s*:)x", 0, (":=",)),  # one character of each alternative
        (r"[\w.]+@[\w-]+(?:\.[\w-]+)+", 0, ("@",)),  # "." is in nearly every text
        (r"если[^?]*\?", 0, ("?",)),
        (r"(?=\d{2})x(?:/y)?", 0, ()),  # a category (\d) is not read; "/" is optional
        (r"a(?!=)b", 0, ()),  # a negative lookahead needs nothing
        (r"(?:^|=)x", 0, ()),  # an alternative that needs nothing
        (r"x(?<=:)y|z:", 0, (":",)),  # a lookbehind that must hold reads the text
        (r"(?:a:){2,}b(?:/)*", 0, (":",)),
    ],
)
def test_needed_chars(pattern: str, flags: int, needed: tuple[str, ...]) -> None:
    assert needed_chars(re.compile(pattern, flags)) == needed


def test_holds_needed() -> None:
    assert holds_needed("a=b", ("=",))
    assert holds_needed("anything", ())
    assert not holds_needed("a: b", ("=",))
    assert holds_needed("a: b @", (":=", "@"))
    assert not holds_needed("a: b", (":=", "@"))


def _corpus_texts() -> list[str]:
    texts = []
    for path in sorted(DATA.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    row = json.loads(line)
                    texts += [t for t in (row.get("text"), row.get("subject")) if t]
    return texts


def test_detectors_need_what_their_matches_hold() -> None:
    texts = _corpus_texts()
    for det in credentials.detectors():
        assert det.needs == needed_chars(det.regex)
        for text in [*det.examples, *det.counter, *texts]:
            if not holds_needed(text, det.needs):
                assert det.regex.search(text) is None, (det.id, text)


def test_rule_regexes_need_what_their_matches_hold() -> None:
    texts = [t.lower() for t in _corpus_texts()]
    for rule in engine().rules.rules:
        for rx in rule.regexes:
            needed = needed_chars(rx)
            for text in [*rule.examples, *texts]:
                if not holds_needed(text, needed):
                    assert rx.search(text) is None, (rule.id, text)

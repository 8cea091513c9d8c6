"""The load-time rewrite of credential regexes (yudesk/triage/rxprefix.py): a rewritten
pattern opens with a case-sensitive class of its first characters and matches exactly what
the pattern as written matches - same spans of the match and of every group - on the whole
corpus and on generated strings; a pattern it cannot analyse comes back unchanged."""

from __future__ import annotations

import json
import random
import re
from functools import lru_cache
from pathlib import Path

import pytest

from yudesk.triage.credentials import RULES_FILE
from yudesk.triage.normalize import fold_lookalikes
from yudesk.triage.ruledata import read_yaml
from yudesk.triage.rxprefix import _CharSets, _every_character, first_char_rewrite

DATA = Path(__file__).resolve().parents[1] / "data" / "triage"
# Characters that re.IGNORECASE folds unlike str.lower(): the long s, the Kelvin sign, the
# dotless and dotted i, Cyrillic's old letter shapes (U+1C80-U+1C88), micro and Greek mu.
SPECIAL = "ſKıİᲀᲁᲂᲃᲄᲅᲆᲇᲈµμΩÅẞ"
SEPARATORS = [*" :=/-_\n.,;«»\"'()@|\t—–", "  ", ": ", " = ", " - ", "\r\n", " is "]
VALUES = [
    "Qwe12345",
    "ab@x.ru",
    "yu_live_AbCd1234EfGh",
    "S3cret!x",
    "12345678",
    "admin",
    "eyJhbGciOiJI",
    "sk_live_abcdefghij12",
    "abcd efgh ijkl mnop",
]


def _spans(rx: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], ...]]:
    return [m.regs for m in rx.finditer(text)]


def _generated(pattern: str, count: int, seed: int) -> list[str]:
    """Strings made of the pattern's own words (in mixed case, whole or without their first
    letter), its letters, the special case-folding letters, separators and values."""
    rnd = random.Random(seed)
    words = re.findall(r"[^\W\d_]{2,}", pattern) or ["x"]
    letters = sorted({ch for ch in pattern if ch.isalpha()}) + list(SPECIAL)
    out = []
    for _ in range(count):
        parts = []
        for _ in range(rnd.randint(1, 8)):
            r = rnd.random()
            if r < 0.35:
                parts.append(
                    "".join(c.upper() if rnd.random() < 0.3 else c for c in rnd.choice(words))
                )
            elif r < 0.55:
                parts.append(rnd.choice(SEPARATORS))
            elif r < 0.7:
                parts.append(rnd.choice(letters))
            elif r < 0.85:
                parts.append(rnd.choice(VALUES))
            else:
                parts.append(rnd.choice(words)[1:])
        out.append("".join(parts))
    return out


@lru_cache(maxsize=1)
def _corpus() -> str:
    """Every text and subject of the triage corpus, as the detectors see it (folded), one
    per line: the two patterns must agree on any string, and one long one is read fastest."""
    texts: dict[str, None] = {}
    for path in sorted(DATA.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    row = json.loads(line)
                    for key in ("text", "subject"):
                        if row.get(key):
                            texts[fold_lookalikes(row[key], None)] = None
    return "\n".join(texts)


def _rules() -> list[dict]:
    return [item for item in read_yaml(RULES_FILE) if isinstance(item.get("regex"), str)]


def _rewritten() -> list[tuple[str, str, str, dict]]:
    rules = _rules()
    patterns = [item["regex"] for item in rules]
    new = first_char_rewrite(patterns, re.IGNORECASE)
    return [(r["id"], p, n, r) for r, p, n in zip(rules, patterns, new, strict=True) if p != n]


REWRITTEN = _rewritten()


def test_most_credential_patterns_are_rewritten() -> None:
    # The detectors that run on most messages open with key words; all of those qualify.
    ids = {rid for rid, *_ in REWRITTEN}
    assert {"cred.password_explicit", "cred.password_bare", "cred.token_kv"} <= ids
    assert len(REWRITTEN) >= len(_rules()) * 2 // 3


@pytest.mark.parametrize(("rid", "old", "new", "rule"), REWRITTEN, ids=[r[0] for r in REWRITTEN])
def test_rewritten_pattern_matches_the_same(rid: str, old: str, new: str, rule: dict) -> None:
    a, b = re.compile(old, re.IGNORECASE), re.compile(new, re.IGNORECASE)
    assert (a.groups, a.groupindex) == (b.groups, b.groupindex)
    assert "(?-i:[" in new
    texts = [
        *rule.get("examples", ()),
        *rule.get("counter", ()),
        *_generated(old, 2000, seed=len(old)),
        _corpus(),
    ]
    for text in texts:
        assert _spans(a, text) == _spans(b, text), (rid, text)


def test_first_character_sets_follow_re_case_folding() -> None:
    """Each item's set is what re itself matches among all code points."""
    everything = _every_character()
    items = ["п", "k", "s", "i", "µ", "т", "[a-z]", "[A-Za-z0-9_-]", "[пpР]", "ı", "[а-яё]"]
    sets = _CharSets(re.IGNORECASE)
    for item in items:
        assert sets.of(item) == frozenset(re.findall(item, everything, re.IGNORECASE)), item
    assert {"K", "\u212a"} <= sets.of("k")
    assert "ſ" in sets.of("s")
    assert {"İ", "ı"} <= sets.of("[a-z]")
    assert sets.of("т") == frozenset("тТᲄᲅ")


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        # The password opening: lookahead, lookbehind and \b move behind the first letter,
        # and alternatives sharing it share one lookbehind, in their own order.
        (
            r"(?=[пp])(?<!/)\b(?:пароль|pwd|пасс)\b",
            r"(?-i:[PpПп])(?<!/.)(?<!\w.)(?:(?<=п)(?:(?-i:[Аа])роль|(?-i:[Аа])сс)|(?<=p)wd)\b",
        ),
        # A capturing group that opens the pattern keeps its start: the class goes inside.
        (
            r"(?<![\w-])(?P<s>key|tok)_\w+",
            r"(?P<s>(?-i:[KTkt\u212a])(?<![\w-].)(?:(?<=k)ey|(?<=t)ok))_\w+",
        ),
        # An alternative opening with a cased letter opens with its case variants, which re
        # tests before it tries the alternative (here after a literal prefix re finds).
        (r"-(?:key|_pw|secret)=", r"-(?:(?-i:[Kk\u212a])ey|_pw|(?-i:[Ss\u017f])ecret)="),
        # A repeated first item gives up one repetition.
        (r"\b[a-z]{2,8}_x", r"(?-i:[A-Za-z\u0130\u0131\u017f\u212a])(?<!\w.)[a-z]{1,7}_x"),
        # Alternatives that may start alike keep their order, each with its own lookbehind.
        (r"[a-z]+=|api:", r"(?-i:[A-Za-z\u0130\u0131\u017f\u212a])(?:[a-z]*=|(?<=a)pi:)"),
    ],
)
def test_rewrite_shapes(pattern: str, expected: str) -> None:
    assert first_char_rewrite([pattern]) == [expected]
    a, b = re.compile(pattern, re.IGNORECASE), re.compile(expected, re.IGNORECASE)
    for text in _generated(pattern, 2000, seed=1):
        assert _spans(a, text) == _spans(b, text), text


def test_groups_keep_their_numbers() -> None:
    # Moving "a(z)" next to "a(x)" would renumber the groups: the order stays.
    [new] = first_char_rewrite([r"(?:a(x)|b(y)|a(z))q"])
    a, b = re.compile(r"(?:a(x)|b(y)|a(z))q", re.I), re.compile(new, re.I)
    for text in ["axq", "byq", "azq", "AZq bYQ", "ayq"]:
        assert _spans(a, text) == _spans(b, text)
    assert new.index("(x)") < new.index("(y)") < new.index("(z)")


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?m)^[ \t]*(?P<login>\w+)",  # an anchor first
        r"(?<![\w@])(?P<login>[\w.+-]+)@",  # a category (\w): too wide a first set
        r"(?:\b|_)ab",  # a group that may or may not consume a character
        r"a?(b)",  # the first item may be absent, and what follows holds a group
        r"(?:_b|)c",  # an empty alternative
        r"(?x) a b",  # verbose: not read here
        r"[^a]b",  # a negated class
        r"-----BEGIN KEY",  # re already finds a literal prefix
        r"(?=\w{3})abc",  # a lookahead wider than one character
        r"(ab)+c",  # a repeated group
        r"(?-i:[A-Z])x",  # already case-sensitive
        r"(?:(a)|(b))",  # captures inside a group first: the class cannot go inside them
        r"\b[a-]",  # \b before word and non-word first characters alike
    ],
)
def test_unanalysable_patterns_are_returned_unchanged(pattern: str) -> None:
    # (None has an alternative opening with a cased letter, which would be rewritten.)
    assert first_char_rewrite([pattern]) == [pattern]


def test_invalid_pattern_is_returned_unchanged() -> None:
    assert first_char_rewrite(["(?=[пp]пароль", "пароль"]) == [
        "(?=[пp]пароль",
        "(?-i:[Пп])ароль",
    ]


# Openings that need more than one first item: an optional one ("\s*", "a??") splits into
# two alternatives in re's order, and a group of zero-width tests ("(?:^|(?<=[.!?]))")
# moves behind the consumed character as a whole.
SPLIT_PATTERNS = [
    (r"(?:^|(?<=[.!?]))\s*(?:ab|cd)", re.IGNORECASE),
    (r"(?m)(?:^|(?<=[.!?]))\s*?(?:ab|cd)", re.IGNORECASE),
    (r"\s?(?:key|tok)", re.IGNORECASE),
    (r"(?:\b|(?=x))[a-z]{0,3}q", re.IGNORECASE),
    (r"(?:\A|(?<=,))\s{0,2}ab", re.IGNORECASE),
    (r"a?ab", re.IGNORECASE),
    (r"a??ab", re.IGNORECASE),
    (r"(?:^|(?<=x))[ab]*?b", re.IGNORECASE),
    (r"(?<=,)\s*?\s", 0),
    (r"\bk?key", re.IGNORECASE),
]
SPLIT_PARTS = [*" \n\t.!?…),", "  ", "x", "ab", "cd", "AB", "key", "tok", "q", "zz", "ſ", "K"]


@pytest.mark.parametrize(("pattern", "flags"), SPLIT_PATTERNS)
def test_optional_openings_match_the_same(pattern: str, flags: int) -> None:
    [new] = first_char_rewrite([pattern], flags)
    assert new != pattern
    a, b = re.compile(pattern, flags), re.compile(new, flags)
    rnd = random.Random(pattern)
    for _ in range(20000):
        text = "".join(rnd.choice(SPLIT_PARTS) for _ in range(rnd.randint(0, 10)))
        assert _spans(a, text) == _spans(b, text), text


def test_signoff_regex_matches_as_written() -> None:
    from yudesk.triage import normalize

    a = re.compile(normalize._SIGNOFF_RE, re.IGNORECASE)
    b = normalize._SIGNOFF
    assert b.pattern != a.pattern
    parts = [*SPLIT_PARTS, "с уважением", "С Уважением", "best regards", "Regards,", "с ув.",
             "всего доброго", "Kind regards", "ſincerely,", "cheers,", "word", "\u2028", "\xa0"]  # fmt: skip
    rnd = random.Random(7)
    texts = ["".join(rnd.choice(parts) for _ in range(rnd.randint(0, 12))) for _ in range(20000)]
    for text in [*texts, _corpus()]:
        assert _spans(a, text) == _spans(b, text), text

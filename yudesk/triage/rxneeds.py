"""The punctuation a regex cannot match without: a test cheaper than the search it spares.

A credential detector or a rule regex often needs a character its hints do not name: "="
or a quote after "DB_PASS" (cred.compound_key_value), an "@" in a list of mailboxes, a "?"
after "если" (how_it_works.hypothetical). Where the text holds none of them, the search
(~100-250 instructions a character, tried at every place a key word or its first letter
occurs) finds nothing; a substring test of one character costs about one instruction a
character. ``needed_chars`` reads such characters off the parsed pattern, and
normalize.holds_needed is the test (compiled, as its callers are).

Only characters of _PLAIN are read (ASCII punctuation and digits, typographic quotes and
dashes): no other character matches them, whatever the flags (case folding maps letters
to letters only), so a text without them holds no match. Everything else is left out, so
the result is a necessary condition: it may let a text through that holds no match, never
hold one back that does.
"""

from __future__ import annotations

import re
import string
from typing import Any

try:  # re's own parser (private, Python 3.11+): without it, nothing is read (no test)
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    _parser = None

_PLAIN = frozenset(string.punctuation + string.digits + "«»“”„—–…№")
# Present in nearly every text: a test for them spares nothing.
_COMMON = frozenset(".,-")
_MAX_SET = 4  # characters of which one is needed; a wider set is found in most texts
_MAX_TESTS = 2  # sets tested per regex, the narrowest first


def needed_chars(rx: re.Pattern[str]) -> tuple[str, ...]:
    """Sets of characters (each a string) such that every text holding a match of ``rx``
    holds at least one character of each set; () when none is known."""
    if _parser is None:
        return ()
    try:
        parsed = _parser.parse(rx.pattern, rx.flags)
    except re.error:
        return ()
    useful = {s for s in _sequence(parsed) if len(s) <= _MAX_SET and not s & _COMMON}
    ranked = sorted(useful, key=_narrowest)
    return tuple("".join(sorted(s)) for s in ranked[:_MAX_TESTS])


def _sequence(items: Any) -> list[frozenset[str]]:
    """The sets needed by a sequence: those of each item it cannot match without."""
    out: list[frozenset[str]] = []
    for op, av in items:
        if op is _c.LITERAL or op is _c.IN:
            chars = _chars(op, av)
            if chars:
                out.append(chars)
        elif op is _c.SUBPATTERN:
            out += _sequence(av[-1])
        elif op is _c.ATOMIC_GROUP:
            out += _sequence(av)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            if av[0] >= 1:
                out += _sequence(av[2])
        elif op is _c.ASSERT:
            # A lookahead or lookbehind that must hold reads the text around the match.
            out += _sequence(av[1])
        elif op is _c.BRANCH:
            found = _branch(av[1])
            if found:
                out.append(found)
        # Anything else (a negative lookaround, a backreference, a category) needs nothing.
    return out


def _branch(alternatives: Any) -> frozenset[str] | None:
    """One set for an alternation: one set of each alternative joined, so whichever
    alternative matches, the text holds one of them; None when an alternative needs none."""
    joined: set[str] = set()
    for alt in alternatives:
        sets = _sequence(alt)
        if not sets:
            return None
        narrowest: frozenset[str] = min(sets, key=_narrowest)
        joined |= narrowest
    return frozenset(joined)


def _narrowest(chars: frozenset[str]) -> tuple[bool, int, list[str]]:
    """Sort key: the sets most texts lack first (no common character, fewest characters)."""
    return bool(chars & _COMMON), len(chars), sorted(chars)


def _chars(op: Any, av: Any) -> frozenset[str] | None:
    """The characters a LITERAL or an IN item matches, when all are in _PLAIN."""
    if op is _c.LITERAL:
        found = {chr(av)}
    else:
        found = set()
        for kind, value in av:
            if kind is _c.LITERAL:
                found.add(chr(value))
            elif kind is _c.RANGE and value[1] - value[0] < len(_PLAIN):
                found.update(map(chr, range(value[0], value[1] + 1)))
            else:
                return None  # a negated class, a category (\s, \w): too wide to know
    return frozenset(found) if found <= _PLAIN else None

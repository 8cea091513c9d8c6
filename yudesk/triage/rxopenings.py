"""The openings of a regex: short strings one of which every match starts with.

Most credential detectors open with their key word ("пароль", "password", "token"), yet re
searches for them at every character of the text (~80 instructions a character of
Cyrillic text for the first-letter test alone) and tries a match at every "п" or "p".
Where every match of a detector is known to start with one of a few lower-cased strings,
the positions of those strings in the lower-cased text are the only places a match can
start, and a match tried at each of them (``Pattern.match`` with ``pos``, which sees the
text before ``pos`` for lookbehinds and ``\\b``, as a search does) finds what the search
finds (credentials._matches).

``openings`` reads them off re's parsed pattern, conservatively: a zero-width item (an
anchor, a lookahead, a negative lookbehind) is stepped over; a one-character positive
lookbehind such as rxprefix's "(?<=п)" keeps only the openings ending with a character it
allows; a letter matched regardless of case stands for every character re's case folding
equates with it (its lower case and re._casefix's extra cases, "о" and "ᲂ"), so the
result is a superset. Anything not understood here ends an opening where it stands, and
a regex that may start with such an item, or whose openings would be too many or too
short, has none (None): it keeps the whole-text search.

The rare twins of that case folding (RARE_CASE_CHARS: "ſ" for "s", "ᲂ" for "о", Greek
symbol forms) are left out of the openings, which would double for them: a text holding
one, after lower-casing, is searched whole instead.
"""

from __future__ import annotations

import re
from typing import Any

try:  # re's own parser and case table (private, Python 3.11+): without them, no openings
    from re import (
        _casefix,  # type: ignore[attr-defined]
        _parser,  # type: ignore[attr-defined]
    )
    from re import _constants as _c  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    _parser = None

_DEPTH = 3  # characters an opening holds at most: enough to make key words rare
_MIN_LENGTH = 2  # a one-letter opening ("п") is found almost everywhere: no gain
_MAX_OPENINGS = 24  # more would cost more finds than the search they spare
_MAX_CLASS = 12  # a wider class ends the opening where it stands


def _rare_case_chars() -> frozenset[str]:
    if _parser is None:
        return frozenset()
    twins = {chr(code) for key, more in _casefix._EXTRA_CASES.items() for code in (key, *more)}
    return frozenset(ch for ch in twins if not ("a" <= ch <= "z" or "а" <= ch <= "я" or ch == "ё"))


RARE_CASE_CHARS = _rare_case_chars()


class _Unknown(Exception):
    """The regex may start with something this module does not read."""


def openings(rx: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-cased strings such that every match of ``rx`` in a text starts where the
    lower-cased text holds one of them; None when they are not known."""
    if _parser is None:
        return None
    try:
        parsed = _parser.parse(rx.pattern, rx.flags)
        found: set[str] = set()
        _walk("", _items(parsed, bool(rx.flags & re.IGNORECASE)), found)
    except (_Unknown, re.error, RecursionError):
        return None
    if not found or len(found) > _MAX_OPENINGS or min(map(len, found)) < _MIN_LENGTH:
        return None
    # A longer opening that starts with a shorter one adds no place: keep the shorter.
    kept = {o for o in found if not any(o != p and o.startswith(p) for p in found)}
    return tuple(sorted(kept))


# One item to match: (op, argument, whether case is ignored there).
_Item = tuple[Any, Any, bool]
_STOP: _Item = (None, None, False)  # the opening ends here (a repeat's second round)


def _items(seq: Any, ignorecase: bool) -> list[_Item]:
    return [(op, av, ignorecase) for op, av in seq]


def _walk(prefix: str, items: list[_Item], found: set[str]) -> None:
    """Add to ``found`` the openings of ``prefix`` followed by ``items``."""
    if len(found) > _MAX_OPENINGS:
        raise _Unknown  # too many already: give up early
    if len(prefix) >= _DEPTH or not items:
        _end(prefix, found)
        return
    (op, av, ic), rest = items[0], items[1:]
    if op is None:
        _end(prefix, found)
    elif op is _c.LITERAL or op is _c.IN:
        chars = _chars(op, av, ic)
        if chars is None:
            _end(prefix, found)
            return
        for ch in sorted(chars):
            _walk(prefix + ch, rest, found)
    elif op is _c.BRANCH:
        for alt in av[1]:
            _walk(prefix, _items(alt, ic) + rest, found)
    elif op is _c.SUBPATTERN:
        _, add_flags, del_flags, sub = av
        inner = (ic or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
        _walk(prefix, _items(sub, inner) + rest, found)
    elif op is _c.ATOMIC_GROUP:
        _walk(prefix, _items(av, ic) + rest, found)
    elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, high, sub = av
        if low == 0:
            _walk(prefix, rest, found)  # the repeat matched nothing
        if high != 0:
            # One round, then the rest only if no second round may follow.
            _walk(prefix, _items(sub, ic) + (rest if high == 1 else [_STOP]), found)
    elif op is _c.ASSERT and av[0] == -1:
        allowed = _one_char(av[1], ic)
        if prefix and allowed is not None and prefix[-1] not in allowed:
            return  # "(?<=п)" after an opening ending with "p": no match this way
        _walk(prefix, rest, found)
    elif op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
        _walk(prefix, rest, found)  # zero width: what follows starts at the same place
    else:
        _end(prefix, found)  # a category, any character, a backreference...


def _end(prefix: str, found: set[str]) -> None:
    if not prefix:
        raise _Unknown  # a match may start with a character no opening names
    found.add(prefix)


def _one_char(seq: Any, ic: bool) -> frozenset[str] | None:
    """The lower-cased characters a one-character lookbehind allows; None if it is more."""
    if len(seq) != 1:
        return None
    op, av = seq[0]
    if op is _c.SUBPATTERN:  # "(?<=(?-i:[Pp]))"
        _, add_flags, del_flags, sub = av
        inner = (ic or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
        return _one_char(sub, inner)
    if op is _c.LITERAL or op is _c.IN:
        return _chars(op, av, ic)
    return None


def _chars(op: Any, av: Any, ic: bool) -> frozenset[str] | None:
    """The lower-cased characters a LITERAL or a small IN matches (each with the cases
    re equates it with); None for a negated, wide or category class."""
    codes: list[int] = []
    if op is _c.LITERAL:
        codes.append(av)
    else:
        for kind, value in av:
            if kind is _c.LITERAL:
                codes.append(value)
            elif kind is _c.RANGE and value[1] - value[0] < _MAX_CLASS:
                codes.extend(range(value[0], value[1] + 1))
            else:
                return None
    out: set[str] = set()
    for code in codes:
        out |= _lower_forms(chr(code), ic)
    # Empty: only rare twins match here, and a text holding one is searched whole.
    return frozenset(out) if len(out) <= _MAX_CLASS else None


def _lower_forms(ch: str, ic: bool) -> set[str]:
    """What a text's character matched by ``ch`` is after str.lower(): ``ch`` lower-cased,
    and where case is ignored, the characters re's case folding also equates with it."""
    low = ch.lower()
    if len(low) != 1:
        raise _Unknown  # "İ" lowers to two characters
    forms = {low}
    if ic:
        forms.update(map(chr, _casefix._EXTRA_CASES.get(ord(low), ())))
    return forms - RARE_CASE_CHARS

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
    from re import _casefix, _parser  # type: ignore[attr-defined]
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


def openings(rx: re.Pattern[str]) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """Lower-cased strings such that every match of ``rx`` in a text starts where the
    lower-cased text holds one of the first, or at the start of the run of word characters
    (re's \\w: str.isalnum() or "_") and hyphens in which it holds one of the second;
    None when not known.

    The second kind is for an identifier ending in a key word ("DB_PASSWORD=", "apiToken "):
    its regex opens with word characters, but also asserts that none precedes the match
    ("(?<![\\w-])"), so a match can start nowhere else in that run."""
    if _parser is None or rx.flags & re.ASCII:
        return None
    try:
        parsed = _parser.parse(rx.pattern, rx.flags)
        items = _items(parsed, bool(rx.flags & re.IGNORECASE))
        found: set[tuple[str, bool]] = set()
        _walk("", items, found, _asserts_run_start(items))
    except (_Unknown, re.error, RecursionError):
        return None
    if not found or len(found) > _MAX_OPENINGS or min(len(o) for o, _ in found) < _MIN_LENGTH:
        return None
    return _shortest({o for o, run in found if not run}), _shortest({o for o, run in found if run})


def _shortest(found: set[str]) -> tuple[str, ...]:
    """A longer opening that starts with a shorter one adds no place: keep the shorter."""
    return tuple(sorted(o for o in found if not any(o != p and o.startswith(p) for p in found)))


# One item to match: (op, argument, whether case is ignored there).
_Item = tuple[Any, Any, bool]
_STOP: _Item = (None, None, False)  # the opening ends here (a repeat's second round)


def _items(seq: Any, ignorecase: bool) -> list[_Item]:
    return [(op, av, ignorecase) for op, av in seq]


def _walk(
    prefix: str, items: list[_Item], found: set[tuple[str, bool]], may_run: bool, run: bool = False
) -> None:
    """Add to ``found`` the openings of ``prefix`` followed by ``items``, each with whether
    word characters may come before it in the match (``run``); ``may_run``: whether the
    regex asserts that no word character or hyphen precedes its match."""
    if len(found) > _MAX_OPENINGS:
        raise _Unknown  # too many already: give up early
    if len(prefix) >= _DEPTH or not items:
        _end(prefix, run, found)
        return
    (op, av, ic), rest = items[0], items[1:]
    if op is None:
        _end(prefix, run, found)
    elif may_run and not prefix and _absorbs(op, av, ic):
        # Word characters before the opening ("DB_" of "DB_PASSWORD"): the opening is
        # looked for after them, and the match starts where their run does.
        _walk(prefix, rest, found, may_run, True)
        if op in _REPEATS and av[0] == 0:
            _walk(prefix, rest, found, may_run, run)  # or none of them
    elif op is _c.LITERAL or op is _c.IN:
        chars = _chars(op, av, ic)
        if chars is None:
            _end(prefix, run, found)
            return
        for ch in sorted(chars):
            _walk(prefix + ch, rest, found, may_run, run)
    elif op is _c.BRANCH:
        for alt in av[1]:
            _walk(prefix, _items(alt, ic) + rest, found, may_run, run)
    elif op is _c.SUBPATTERN:
        _, add_flags, del_flags, sub = av
        inner = (ic or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
        _walk(prefix, _items(sub, inner) + rest, found, may_run, run)
    elif op is _c.ATOMIC_GROUP:
        _walk(prefix, _items(av, ic) + rest, found, may_run, run)
    elif op in _REPEATS:
        low, high, sub = av
        if low == 0:
            _walk(prefix, rest, found, may_run, run)  # the repeat matched nothing
        if high != 0:
            # One round, then the rest only if no second round may follow.
            more = rest if high == 1 else [_STOP]
            _walk(prefix, _items(sub, ic) + more, found, may_run, run)
    elif op is _c.ASSERT and av[0] == -1:
        allowed = _one_char(av[1], ic)
        if prefix and allowed is not None and prefix[-1] not in allowed:
            return  # "(?<=п)" after an opening ending with "p": no match this way
        _walk(prefix, rest, found, may_run, run)
    elif op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
        # zero width: what follows starts at the same place
        _walk(prefix, rest, found, may_run, run)
    else:
        _end(prefix, run, found)  # a category, any character, a backreference...


def _end(prefix: str, run: bool, found: set[tuple[str, bool]]) -> None:
    if not prefix:
        raise _Unknown  # a match may start with a character no opening names
    found.add((prefix, run))


_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) if _parser is not None else ()


def _is_word_char(code: int, ic: bool) -> bool:
    ch = chr(code)
    return (ch.isalnum() or ch == "_" or ch == "-") and (ch.isascii() or not ic)


def _absorbs(op: Any, av: Any, ic: bool) -> bool:
    """Whether an item that may open a match is read as word characters before the opening:
    a repeat of them, or a class of them too wide to name in openings ("[A-Za-z]")."""
    if op in _REPEATS:
        return av[1] > 1 and _word_chars_only(op, av, ic)
    if op is not _c.LITERAL and op is not _c.IN:
        return False
    try:
        narrow = _chars(op, av, ic) is not None
    except _Unknown:
        narrow = False
    return not narrow and _word_chars_only(op, av, ic)


def _word_chars_only(op: Any, av: Any, ic: bool) -> bool:
    """Whether an item matches only word characters and hyphens: a class of letters,
    digits, "_" and "-", a repeat or a group of such items. Where case is ignored, only
    ASCII ones: their every case twin ("K" and the Kelvin sign, "s" and "ſ") is a letter."""
    if op in _REPEATS:
        return bool(av[2]) and all(_word_chars_only(o, a, ic) for o, a in av[2])
    if op is _c.SUBPATTERN:
        _, add_flags, del_flags, sub = av
        inner = (ic or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
        return bool(sub) and all(_word_chars_only(o, a, inner) for o, a in sub)
    if op is _c.LITERAL:
        return _is_word_char(av, ic)
    if op is not _c.IN:
        return False
    for kind, value in av:
        if kind is _c.LITERAL:
            if not _is_word_char(value, ic):
                return False
        elif kind is _c.RANGE:
            if not all(_is_word_char(code, ic) for code in range(value[0], value[1] + 1)):
                return False
        else:
            return False
    return True


def _asserts_run_start(items: list[_Item]) -> bool:
    """Whether the regex asserts that no word character or hyphen precedes its match:
    it opens with "(?<![\\w-])", or (as rxprefix writes it) with one word character and
    "(?<![\\w-].)"."""
    if items and _precedes_no_word(items[0], 1):
        return True
    first = _unwrapped(items[0]) if items else None
    return (
        first is not None
        and len(items) > 1
        and first[0] in (_c.LITERAL, _c.IN)
        and _word_chars_only(*first)
        and _precedes_no_word(items[1], 2)
    )


def _unwrapped(item: _Item) -> _Item:
    """A group of one item ("(?-i:[A-Za-z])") as that item, with the group's case flag."""
    op, av, ic = item
    while op is _c.SUBPATTERN and len(av[3]) == 1:
        _, add_flags, del_flags, sub = av
        ic = (ic or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
        op, av = sub[0]
    return op, av, ic


def _precedes_no_word(item: _Item, width: int) -> bool:
    """Whether ``item`` is a negative lookbehind of ``width`` characters whose first is
    [\\w-] (any other after it)."""
    op, av, _ = item
    if op is not _c.ASSERT_NOT or av[0] != -1 or len(av[1]) != width:
        return False
    (kind, value), rest = av[1][0], list(av[1])[1:]
    if kind is not _c.IN or any(k is not _c.ANY for k, _ in rest):
        return False
    members = {(k, v) for k, v in value}
    return (
        (_c.CATEGORY, _c.CATEGORY_WORD) in members
        and (_c.LITERAL, ord("-")) in members
        and all(k is not _c.NEGATE for k, _ in value)
    )


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

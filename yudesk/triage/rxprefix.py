"""Rewrite case-insensitive regexes to open with a case-sensitive class of their first
characters, so that re's search can skip to the places where a match may start.

Why: for a pattern compiled with re.IGNORECASE whose first character is a cased letter, or
that opens with a lookaround or "\\b", re finds neither a literal prefix nor a set of first
characters, and search/finditer call the matcher at every position of the text (~100
instructions a character). A pattern that opens with a case-SENSITIVE class, "(?-i:[PpПп])",
gets re's charset prefix: the search skips in a tight C loop to the next such character.

The rewrite consumes the first character with that class and checks the rest where the
original did, one character further on; it never changes what matches, nor the spans of the
match and its groups, nor the order in which alternatives are tried:

    (?=[пp])(?<!/)\\b(?:пароль|пасс|pwd)X
    ->  (?-i:[PpПп])(?<!/.)(?<!\\w.)(?:(?<=п)(?:ароль|асс)|(?<=p)wd)X

- an alternative opening with a one-character item ("п", "[ао]", "[a-z]{2,8}") keeps the
  rest of it ("ароль", "[a-z]{1,7}") behind a lookbehind for that item, which is left out
  where the consumed class already implies it; alternatives whose first characters are the
  same set share one lookbehind (moved next to each other only past alternatives that can
  never start with the same character, so the order of those tried at any position stays);
- a lookbehind "(?<!Y)" before the first character becomes "(?<!Y.)"; "\\b" becomes
  "(?<!\\w.)" when every first character is a word character; a one-character lookahead
  "(?=[пp])" only narrows the set of first characters;
- a capturing group that opens the pattern takes the consumed class inside, so it still
  starts where the match does;
- an optional first item splits the opening in two, in the order re tries them ("\\s*X"
  is "\\s+X|X", lazy "\\s*?X" is "X|\\s+?X"), when what follows holds no group (it is
  copied); a group of zero-width tests ("(?:^|(?<=[.!?]))") moves behind the consumed
  character as a whole, "^" becoming "(?<!(?s:..))" (no character before the consumed one)
  or, multiline, "(?<![^\\n].)".

Inside, each alternative of an alternation that opens with a cased letter or class opens
with the case-sensitive class of its variants instead ("key|secret" -> "(?-i:[Kk\\u212a])ey|
(?-i:[Ss\\u017f])ecret"): re checks a plain first character before it tries an alternative,
but enters every alternative that opens case-insensitively.

The set of first characters is exact: each one-character item's set is found by letting re
itself match it against every code point that may be its case variant (those that re, under
the pattern's flags, matches with a class of all the items' characters), so re's own case
folding decides, special cases ('ſ', the Kelvin sign 'K', 'ı', 'İ') included. Anything not
understood here - other openings, flags other than i/m/s, a set wider than _MAX_FIRST
characters (a category such as \\s counts those re matches with it), a pattern re already
finds a prefix for - leaves the pattern as it is.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Sequence
from typing import Any

try:  # re's own parser and compiler helpers (private, Python 3.11+)
    from re import _compiler, _parser  # type: ignore[attr-defined]
    from re import _constants as _c  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - without them, patterns stay as written
    _parser = None

# A first-character set wider than this skips too few characters to pay for the rewrite.
_MAX_FIRST = 128
_LOOKAROUND = ("(?=", "(?!", "(?<=", "(?<!")
_QUANTIFIER = re.compile(r"(?:[*+?]|\{(?:\d+(?:,\d*)?|,\d*)\})[?+]?")
_OPTIONAL = re.compile(r"(?:\*|\?|\{0?,(\d*)\})\??")
_REDUCIBLE = re.compile(r"(?:\+|\{(\d+)(,?)(\d*)\})(\??)")
_GLOBAL_FLAGS = re.compile(r"\(\?([a-zA-Z]+)\)")
_WORD = re.compile(r"\w")
_FLAG_OF = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "u": re.UNICODE}

Item = tuple[str, str]  # an atom ("п", "[ао]", "(?:…)", "\\b") and its quantifier ("", "+")


class _Skip(Exception):
    """The pattern is not one this module can rewrite safely."""


def _class_end(s: str, i: int) -> int:
    """Index after the "]" that closes the class opened at s[i]."""
    j = i + 1
    if s[j : j + 1] == "^":
        j += 1
    if s[j : j + 1] == "]":
        j += 1
    while j < len(s):
        if s[j] == "\\":
            j += 2
        elif s[j] == "]":
            return j + 1
        else:
            j += 1
    raise _Skip


def _group_end(s: str, i: int) -> int:
    """Index after the ")" that closes the group opened at s[i]."""
    depth = 0
    j = i
    while j < len(s):
        ch = s[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "[":
            j = _class_end(s, j)
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    raise _Skip


def _alternatives(s: str) -> list[list[Item]]:
    """The top-level alternatives of regex ``s``, each as its items. Only the openings are
    read closely (re's parser checks every item used); the rest is copied as written."""
    alts: list[list[Item]] = [[]]
    i = 0
    while i < len(s):
        ch = s[i]
        if ch == "|":
            alts.append([])
            i += 1
            continue
        if ch == "\\":
            j = i + 2
        elif ch == "[":
            j = _class_end(s, i)
        elif ch == "(":
            j = _group_end(s, i)
        else:
            j = i + 1
        q = _QUANTIFIER.match(s, j)
        k = q.end() if q else j
        alts[-1].append((s[i:j], s[j:k]))
        i = k
    return alts


def _text(items: Sequence[Item]) -> str:
    return "".join(a + q for a, q in items)


def _class(chars: frozenset[str]) -> str:
    """A class matching exactly ``chars``, with runs written as ranges."""
    out = []
    codes = sorted(map(ord, chars))
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        out.append(_char(codes[i]) if j - i < 2 else f"{_char(codes[i])}-{_char(codes[j])}")
        if j - i == 1:
            out.append(_char(codes[j]))
        i = j + 1
    return "[" + "".join(out) + "]"


def _char(code: int) -> str:
    ch = chr(code)
    if ch.isalnum() and (code < 0x80 or 0x400 <= code < 0x500):
        return ch  # ASCII and Cyrillic letters and digits as themselves, for reading
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _every_character() -> str:
    """U+0000..U+10FFFF as one string, built from bytes (a chr() per code point is slower)."""
    n = sys.maxunicode + 1
    buf = bytearray(4 * n)
    buf[0::4] = bytes(range(256)) * (n // 256)
    buf[1::4] = b"".join(bytes([i]) * 256 for i in range(256)) * (n // 65536)
    buf[2::4] = b"".join(bytes([i]) * 65536 for i in range(n // 65536))
    low, high = buf[: 0xD800 * 4].decode("utf-32-le"), buf[0xE000 * 4 :].decode("utf-32-le")
    return low + "".join(map(chr, range(0xD800, 0xE000))) + high  # surrogates do not decode


class _CharSets:
    """Exact sets of the characters that one-character items match under ``flags``. Every
    character that may match one is in ``pool``: re matched it, under the same flags, with
    a class holding each character the items name (case folding maps single characters, so
    a variant of one character of an item is a variant of one the class holds)."""

    def __init__(self, flags: int) -> None:
        self.flags = flags & re.IGNORECASE
        self.named: set[int] = set()
        self.pool: set[str] = set()
        self.cache: dict[str, frozenset[str] | None] = {}
        self.spaces: frozenset[str] | None = None  # what \s matches
        self._everything: str | None = None

    def cover(self, codes: set[int]) -> None:
        """Add to ``pool`` every case variant of ``codes`` (one pass of re over every code
        point, for all those not covered yet)."""
        new = codes - self.named
        if not new:
            return
        if self.flags:
            cls = _class(frozenset(map(chr, new)))
            self.pool.update(re.findall(cls, self.everything(), self.flags))
        else:
            # Without IGNORECASE a class matches just the characters it names: no pass.
            self.pool.update(map(chr, new))
        self.named |= new

    def everything(self) -> str:
        """_every_character(), built once for a first_char_rewrite call (which drops it)."""
        found = self._everything
        if found is None:
            found = self._everything = _every_character()
        return found

    def of(self, atom: str) -> frozenset[str] | None:
        """The characters that ``atom`` matches, if it is one literal or a class of
        literals and ranges; else None."""
        if atom not in self.cache:
            self.cache[atom] = self._of(atom)
        return self.cache[atom]

    def cased(self, atom: str) -> frozenset[str] | None:
        """The characters ``atom`` matches, if it is one literal or class that matches
        more of them under the flags than as written (case variants); else None."""
        chars = self.of(atom)
        if chars is None or len(chars) > _MAX_FIRST:
            return None
        return chars if len(re.findall(atom, "".join(chars))) < len(chars) else None

    def _of(self, atom: str) -> frozenset[str] | None:
        try:
            parsed = _parser.parse(atom, self.flags)
        except re.error:
            return None
        if len(parsed.data) != 1:
            return None
        op, av = parsed.data[0]
        codes: set[int] = set()
        spaces = False
        if op is _c.LITERAL:
            codes.add(av)
        elif op is _c.IN:
            for eop, eav in av:
                if eop is _c.LITERAL:
                    codes.add(eav)
                elif eop is _c.RANGE and eav[1] - eav[0] < 1024:
                    codes.update(range(eav[0], eav[1] + 1))
                elif eop is _c.CATEGORY and eav in (_c.CATEGORY_SPACE, _c.CATEGORY_UNI_SPACE):
                    spaces = True  # \s (\d and \w match too many characters to list)
                else:
                    return None  # a negated class, another category, a huge range
        else:
            return None
        self.cover(codes)
        candidates = self.pool | set(map(chr, codes))
        if spaces:
            if self.spaces is None:
                self.spaces = frozenset(re.findall(r"\s", self.everything()))
            candidates |= self.spaces
        # Each candidate is one character: findall over them all finds those it matches.
        return frozenset(re.findall(atom, "".join(candidates), self.flags))


_COMMON_CODES = frozenset(
    (*range(0x20, 0x7F), *range(0xA0, 0x100), *range(0x400, 0x460), *range(0x2000, 0x2070))
)

# One per flags (with or without IGNORECASE), kept for later calls: they need a pass over
# every code point only for characters no earlier pattern named.
_SETS: dict[int, _CharSets] = {}


class _Rewriter:
    def __init__(self, flags: int, sets: _CharSets) -> None:
        self.flags = flags
        self.sets = sets
        self.splits = 0  # optional first items split into two alternatives on this path

    def alternation(self, alts: list[list[Item]]) -> tuple[frozenset[str], list[str]]:
        """First characters and branches (to follow the consumed character) of
        "alt1|alt2|…"."""
        groups: list[tuple[frozenset[str], str | None, list[str]]] = []
        for seq in alts:
            chars, label, text = self.sequence(seq)
            if not chars:
                raise _Skip  # never matches: too odd to rewrite
            into = None
            for k in range(len(groups) - 1, -1, -1):
                if groups[k][0] == chars:
                    into = k
                    break
                if groups[k][0] & chars:
                    break  # it cannot move past an alternative that may start alike
            if into is not None and into < len(groups) - 1:
                # Moving it ahead of others renumbers groups if it or they hold any.
                hopped = [text] + [t for g in groups[into + 1 :] for t in g[2]]
                if not all(_no_groups(t) for t in hopped):
                    into = None
            if into is None:
                groups.append((chars, label, [text]))
            else:
                groups[into][2].append(text)
        union = frozenset().union(*(g[0] for g in groups))
        branches = []
        for chars, label, texts in groups:
            if chars == union:
                branches.extend(texts)
                continue
            check = label if label is not None else "(?-i:" + _class(chars) + ")"
            body = texts[0] if len(texts) == 1 else "(?:" + "|".join(texts) + ")"
            branches.append(f"(?<={check}){body}")
        return union, branches

    def sequence(self, seq: list[Item]) -> tuple[frozenset[str], str | None, str]:
        """First characters, the item that names exactly them (or None), and the rest of
        ``seq`` to follow the consumed character."""
        i = 0
        while i < len(seq) and _is_guard(seq[i][0]):
            if seq[i][1]:
                raise _Skip
            i += 1
        if i == len(seq):
            raise _Skip
        guards = [a for a, _ in seq[:i]]
        if not all(_no_groups(g) for g in guards):
            raise _Skip  # moved behind the first character, it would renumber groups
        atom, quant = seq[i]
        rest = _text(seq[i + 1 :])
        label: str | None = atom
        chars = self.sets.of(atom)
        optional = _OPTIONAL.fullmatch(quant)
        if chars is not None and optional:
            # "X*R" is "X+R|R" (lazy "X*?R": "R|X+?R"), tried in that order; R is copied,
            # so it may hold no group, and only one such split is made on a path.
            if self.splits >= 1 or not _no_groups(rest):
                raise _Skip
            self.splits += 1
            once = [*seq[:i], (atom, _at_least_once(quant)), *seq[i + 1 :]]
            none = [*seq[:i], *seq[i + 1 :]]
            chars, branches = self.alternation(
                [none, once] if len(quant) > 1 and quant[-1] == "?" else [once, none]
            )
            self.splits -= 1
            return chars, None, _join(branches)
        if chars is not None:
            text = _reduced(atom, quant) + rest
        elif atom.startswith("(?:") and not quant:
            chars, branches = self.alternation(_alternatives(atom[3:-1]))
            text = _join(branches) + rest
            if rest and re.search(r"\\[\dxuUN]\w*$", _join(branches)):
                text = "(?:" + _join(branches) + ")" + rest  # "\1" + "0" would be "\10"
            label = None
        else:
            raise _Skip
        for g in guards:  # a one-character lookahead only narrows the first characters
            if g.startswith(("(?=", "(?!")):
                ahead = self.sets.of(g[3:-1])
                if ahead is None:
                    raise _Skip
                narrowed = chars & ahead if g[2] == "=" else chars - ahead
                if narrowed != chars:
                    chars, label = narrowed, None
        shifted = []
        for g in guards:
            if g.startswith("(?:"):  # "(?:^|(?<=[.!?]))": each of them, one further on
                shifted.append(
                    "(?:"
                    + "|".join(
                        self.shift(a, chars) for a, _ in (alt[0] for alt in _alternatives(g[3:-1]))
                    )
                    + ")"
                )
            elif not g.startswith(("(?=", "(?!")):
                shifted.append(self.shift(g, chars))
        return chars, label, "".join(shifted) + text

    def shift(self, guard: str, chars: frozenset[str]) -> str:
        """``guard``, asked one character further on, that character being one of
        ``chars``."""
        dot = "." if "\n" not in chars or self.flags & re.DOTALL else "(?s:.)"
        if guard in ("\\b", "\\B"):
            words = {ch for ch in chars if _WORD.match(ch)}
            if words and words != chars:
                raise _Skip
            before_word = (guard == "\\b") != bool(words)  # a boundary: unlike the first char
            return f"(?<=\\w{dot})" if before_word else f"(?<!\\w{dot})"
        if guard in ("^", "\\A"):
            if guard == "^" and self.flags & re.MULTILINE:
                return f"(?<![^\\n]{dot})"  # at the start or after a line break
            return "(?<!(?s:..))"  # at the start: one character before, no more
        if guard.startswith(("(?<=", "(?<!")):
            behind = guard[4:-1]
            if len(_alternatives(behind)) > 1:
                behind = "(?:" + behind + ")"
            return guard[:4] + behind + dot + ")"
        if guard.startswith(("(?=", "(?!")) and self.sets.of(guard[3:-1]) is not None:
            return "(?<" + guard[2] + guard[3:-1] + ")"  # its one character is the consumed one
        raise _Skip


def _at_least_once(quant: str) -> str:
    """An optional quantifier ("*", "?", "{0,4}", lazy or not) made to repeat at least once."""
    lazy = "?" if len(quant) > 1 and quant[-1] == "?" else ""
    core = quant[: len(quant) - len(lazy)]
    if core == "?":
        return ""
    if core == "*":
        return "+" + lazy
    return "{1," + core[core.index(",") + 1 : -1] + "}" + lazy


def _reduced(atom: str, quant: str) -> str:
    """``atom`` repeated as ``quant`` says, less one (the one consumed)."""
    if not quant:
        return ""
    m = _REDUCIBLE.fullmatch(quant)
    if m is None:
        raise _Skip  # may repeat zero times (the match may start after it), or possessive
    if quant[0] == "+":
        return atom + "*" + m.group(4)
    low, comma, high = int(m.group(1)), m.group(2), m.group(3)
    if low == 0:
        raise _Skip
    if not comma:
        high = str(low)
    if comma and not high:
        return f"{atom}{{{low - 1},}}{m.group(4)}"
    if int(high) == 1:
        return ""
    return f"{atom}{{{low - 1},{int(high) - 1}}}{m.group(4)}"


def _has_prefix(parsed: Any) -> bool:
    """Whether re already finds a literal prefix or a first-character set for the parsed
    pattern (as re._compiler._compile_info looks for them)."""
    if parsed.getwidth()[0] == 0:
        return False
    flags = parsed.state.flags
    prefix, _, _ = _compiler._get_literal_prefix(parsed, flags)
    return bool(prefix) or bool(_compiler._get_charset_prefix(parsed, flags))


def _groups(parsed: Any) -> tuple[int, dict[str, int]]:
    return parsed.state.groups, dict(parsed.state.groupdict)


def _no_groups(text: str) -> bool:
    """Whether regex ``text`` holds no capturing group: only then may it move past other
    text, or be copied, without renumbering groups."""
    i = 0
    while i < len(text):  # read as _group_end does: escapes and classes skipped
        ch = text[i]
        if ch == "\\":
            i += 2
        elif ch == "[":
            i = _class_end(text, i)
        elif ch == "(" and (text[i + 1 : i + 2] != "?" or text.startswith("(?P<", i)):
            return False  # "(" or "(?P<name>": every other "(?" opens no group
        else:
            i += 1
    return True


def _rewrite(pattern: str, flags: int, sets: _CharSets) -> str:
    start = 0
    while m := _GLOBAL_FLAGS.match(pattern, start):
        for letter in m.group(1):
            if letter not in _FLAG_OF:
                raise _Skip  # verbose, ASCII or locale: not read here
            flags |= _FLAG_OF[letter]
        start = m.end()
    head, body = pattern[:start], pattern[start:]
    if re.search(r"\(\?[a-zA-Z-]*[xaL]", body) or "(?#" in body:
        raise _Skip
    parsed = _parser.parse(pattern, flags)
    if not _has_prefix(parsed):
        with contextlib.suppress(_Skip):  # then only the alternatives' openings change
            body = _first_char(body, flags, sets)
    if flags & re.IGNORECASE:
        body = _cased_heads(body, sets)
    new = head + body
    if new != pattern and _groups(_parser.parse(new, flags)) != _groups(parsed):
        raise _Skip
    return new


def _first_char(body: str, flags: int, sets: _CharSets) -> str:
    """``body`` opening with a case-sensitive class of its first characters."""
    rw = _Rewriter(flags, sets)
    alts = _alternatives(body)
    seq = alts[0]
    first = next((k for k, (a, _) in enumerate(seq) if not _is_guard(a)), None)
    if len(alts) == 1 and first is not None and _capturing(seq[first]):
        # Its guards move inside with the consumed character: "(?<!\w)(?P<s>a…)" is
        # "(?P<s>(?-i:[Aa])(?<!\w.)…)", and the group still starts where the match does.
        atom = seq[first][0]
        opener = atom[: atom.index(">") + 1] if atom.startswith("(?P<") else "("
        inner = [*seq[:first], ("(?:" + atom[len(opener) : -1] + ")", "")]
        chars, _, text = rw.sequence(inner)
        new = f"{opener}(?-i:{_class(chars)}){text}){_text(seq[first + 1 :])}"
    else:
        chars, branches = rw.alternation(alts)
        new = f"(?-i:{_class(chars)}){_join(branches)}"
    if len(chars) > _MAX_FIRST:
        raise _Skip
    return new


def _cased_heads(text: str, sets: _CharSets) -> str:
    """``text`` with the first item of each alternative of each alternation, when it is a
    cased letter or class, written as a case-sensitive class of its case variants: re
    tests such a first character (a plain literal or class) before it tries an
    alternative, and tries every alternative that opens case-insensitively."""
    alts = _alternatives(text)
    out = []
    for seq in alts:
        items = []
        for k, (atom, quant) in enumerate(seq):
            n = _opener_length(atom)
            if n:
                atom = atom[:n] + _cased_heads(atom[n:-1], sets) + ")"
            elif k == 0 and len(alts) > 1 and not quant:
                variants = sets.cased(atom)
                if variants is not None:
                    atom = "(?-i:" + _class(variants) + ")"
            items.append((atom, quant))
        out.append(_text(items))
    return "|".join(out)


def _opener_length(atom: str) -> int:
    """Length of the opening of a group whose inside has the pattern's flags ("(?:",
    "(?P<name>", "(", a lookaround), else 0."""
    if atom.startswith(("(?:", "(?=", "(?!")):
        return 3
    if atom.startswith(("(?<=", "(?<!")):
        return 4
    if atom.startswith("(?P<"):
        return atom.index(">") + 1
    return 1 if atom.startswith("(") and atom[1:2] != "?" else 0


def _is_guard(atom: str) -> bool:
    """A zero-width test before the first character: "\\b", a lookaround, or a group of
    alternatives each one of those or "^" ("(?:^|(?<=[.!?]))")."""
    if atom in ("\\b", "\\B") or atom.startswith(_LOOKAROUND):
        return True
    if not atom.startswith("(?:"):
        return False
    alts = _alternatives(atom[3:-1])
    return len(alts) > 1 and all(
        len(alt) == 1 and not alt[0][1] and (alt[0][0] in ("^", "\\A") or _is_guard(alt[0][0]))
        for alt in alts
    )


def _capturing(item: Item) -> bool:
    atom, quant = item
    return not quant and atom.startswith("(") and (atom[1] != "?" or atom.startswith("(?P<"))


def _join(branches: list[str]) -> str:
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def first_char_rewrite(patterns: Sequence[str], flags: int = re.IGNORECASE) -> list[str]:
    """Each pattern rewritten to open with a case-sensitive class of its first characters,
    or as it is when it cannot be rewritten safely (see the module's docstring). Patterns
    are done together: re matches every code point once for the characters they name."""
    if _parser is None or flags & (re.ASCII | re.VERBOSE | re.LOCALE):
        return list(patterns)
    sets = _SETS.get(flags & re.IGNORECASE)
    if sets is None:
        sets = _SETS[flags & re.IGNORECASE] = _CharSets(flags)
    # The characters the patterns name, and the blocks patterns of Russian and English text
    # draw on (ASCII, Latin-1, Cyrillic, typographic punctuation such as «» — “” …): the
    # first call's pass over every code point then serves later calls too (the sign-off
    # regex at import, the credential patterns at their load), which otherwise each paid it.
    sets.cover({*(ord(ch) for p in patterns for ch in p), *_COMMON_CODES})
    out = []
    for pattern in patterns:
        try:
            out.append(_rewrite(pattern, flags, sets))
        except Exception:  # _Skip, or anything else unexpected: the pattern as written
            out.append(pattern)
    sets._everything = None  # 4 MB: not kept between calls
    return out


def compile_fast(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)`` of the pattern as first_char_rewrite rewrites it: it
    matches the same, and re's search skips to where a match may start. For a regex that is
    searched for in a text (search, findall, sub), not one only anchored with match."""
    return re.compile(first_char_rewrite([pattern], flags)[0], flags)

"""Rules as data: load a YAML rule file and find where its rules fire in a message.

A rule file is a list of rules::

    - id: do_for_us.imperative_setup      # unique, shown in evidence
      class: do_it_for_us                 # what the rule votes for (or `scores: {cls: w, ...}`)
      weight: 3.0                         # how strongly (negative weights hold a class back)
      clause: "3.1.2"                     # optional: the SLA clause the rule stands on
      patterns:                           # any pattern firing fires the rule
        - "настро*:impr мы"               # ordered, at most `gap` words between the elements
        - "за мы + сделать|настро*"       # " + ": all parts in one sentence, any order
        - "= не у все|всех"               # leading "= ": the words must be adjacent
      regex: ['\\b50[234]\\b']            # optional regexes over the folded text
      regex_hints: ["50"]                 # optional: run the regexes only if one occurs
      unless: ["как"]                     # optional: patterns that cancel it in that sentence
      gap: 2                              # optional, default 2
      examples: ["Настройте нам воронку"] # must fire (checked by tests, one per rule)
      counter: ["Как настроить воронку?"] # must not fire

An element is ``alt|alt|...``; an alternative is a lemma (``мы`` matches "нам", "нас"), a
prefix ending in ``*`` (``настро*``: "настроить", "настройка", "настройте") matched against
both the lemma and the folded surface form, optionally followed by ``:impr`` (the word must be
an imperative verb). Matching never crosses a sentence boundary.

Each distinct word is resolved once (cached) to the *atoms* it satisfies: an atom is one
alternative (a lemma, a prefix, with or without ``:impr``), shared by every element that lists
it. A word satisfies ~1 atom but ~8 elements (common words such as «не», «у», «все» sit in
dozens of alternations), so a message records where its ~25 atoms occur, not its ~230
(element, word) pairs; an element is present where one of its atoms is, and its positions
are worked out only for the few elements a candidate pattern asks about. The pipeline builds
the atom positions in its one pass over the message (reading.py) and calls
``match_words``; ``match(tokens, folded)`` is the same for a token list. A hit keeps word
indices and makes its evidence text only when asked: most rules that fire never reach the
evidence (they voted for a class that lost).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from yudesk.errors import ConfigurationError
from yudesk.triage.lemmas import Lemmatiser
from yudesk.triage.normalize import Token, holds_needed
from yudesk.triage.ruledata import read_yaml
from yudesk.triage.rxneeds import needed_chars
from yudesk.triage.rxprefix import compile_fast

DEFAULT_GAP = 2
DEFAULT_WINDOW = 12  # unordered parts must sit within this many words of each other
_WORD_CACHE_LIMIT = 200_000
# An element of up to this many atoms is looked up atom by atom, a larger one intersected
# with the ~25 atoms a message holds.
_FEW_ATOMS: Final = 16


@dataclass(frozen=True, slots=True)
class Pattern:
    """Ordered parts (word sequences); several parts must all occur in one sentence, within
    ``window`` words of the first part, in any order."""

    source: str
    parts: tuple[tuple[int, ...], ...]
    gap: int
    window: int
    needs: frozenset[int]  # every element of every part: all must occur for a match
    single: bool = False  # one word: it matches wherever the word occurs
    # One element besides the first (the last word of the last part): most candidate
    # patterns fail on it, so it is tested first, on a byte of the element mask.
    probe: int = -1

    @property
    def first(self) -> int:
        return self.parts[0][0]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    scores: dict[str, float]  # a dict, not a Mapping: compiled, its methods are C calls
    patterns: tuple[Pattern, ...]
    regexes: tuple[re.Pattern[str], ...]
    unless: tuple[Pattern, ...]
    clause: str | None
    examples: tuple[str, ...]
    counter: tuple[str, ...]
    regex_hints: tuple[str, ...] = ()  # substrings of which one must occur for the regexes
    family: str = ""  # the rule file it came from: "scope", "critical"
    note: str | None = None


class Hit:
    """A rule that fired, with the words that fired it (folded text, for evidence)."""

    __slots__ = ("_end", "_span", "_start", "_words", "rule", "sentence")

    def __init__(
        self,
        rule: Rule,
        span: str | None,
        sentence: int,
        words: Sequence[str] = (),
        start: int = 0,
        end: int = -1,
    ) -> None:
        self.rule = rule
        self.sentence = sentence
        self._span = span
        self._words = words
        self._start = start
        self._end = end

    @property
    def span(self) -> str:
        if self._span is None:
            self._span = " ".join(self._words[self._start : self._end + 1])
        return self._span

    @property
    def word_range(self) -> range:
        """Indices of the words it spans (empty for a regex hit, which has no words)."""
        return range(self._start, self._end + 1)

    def __repr__(self) -> str:
        return f"Hit({self.rule.id!r}, {self.span!r})"


class Positions:
    """Where rule atoms occur in a message: ``first[atom]`` is the index of the first word
    that satisfies it and ``more[atom]`` all its indices, kept only for an atom that occurs
    more than once. Most atoms of a message occur once, so reading a message allocates no
    list for them. ``of_elem`` says where an element occurs (the union of its atoms'
    positions), worked out on demand: a candidate pattern asks about a few elements, not
    the ~200 a message holds."""

    __slots__ = ("_big_atoms", "_big_elems", "_by_elem", "atom_big", "elem_few", "first", "more")

    def __init__(
        self,
        elem_few: tuple[tuple[int, ...] | None, ...] = (),
        atom_big: tuple[tuple[int, ...], ...] = (),
    ) -> None:
        self.first: dict[int, int] = {}
        self.more: dict[int, list[int]] = {}
        self.elem_few = elem_few  # element id -> its atoms where they are few (RuleSet)
        self.atom_big = atom_big  # atom id -> the long elements that list it (RuleSet)
        self._by_elem: dict[int, Sequence[int]] = {}
        # The atoms of the message that some long element lists, with those elements (as
        # atom_big): made once an element asks.
        self._big_atoms: list[Any] | None = None
        self._big_elems: list[tuple[int, ...]] = []

    def add(self, atom: int, i: int) -> None:
        """Record that word ``i`` satisfies ``atom`` (words are added in order)."""
        earlier = self.first.setdefault(atom, i)
        if earlier != i:
            found = self.more.get(atom)
            if found is None:
                self.more[atom] = [earlier, i]
            else:
                found.append(i)

    def of(self, atom: int) -> Sequence[int]:
        """Indices of the words that satisfy ``atom``, in order."""
        found = self.more.get(atom)
        if found is not None:
            return found
        i = self.first.get(atom)
        return () if i is None else (i,)

    def of_elem(self, elem: int) -> Sequence[int]:
        """Indices of the words that satisfy element ``elem`` (any of its atoms), in order."""
        # Atom ids typed Any stay the int objects the tuples and dicts hold (compiled, an id
        # read as int is unboxed and boxed again for each look-up).
        few: tuple[Any, ...] | None = self.elem_few[elem] if self.elem_few else None
        if few is None:
            # A long alternation (a word list): kept, as it costs more to work out again.
            found = self._by_elem.get(elem)
            if found is None:
                found = self._by_elem[elem] = self._positions(self._held_long(elem))
            return found
        # Most elements are a word or a few: look each up (again if asked again, which
        # costs less than keeping them all).
        first: dict[Any, int] = self.first
        if len(few) == 1:
            # One atom (a third of the elements asked about): no list of the atoms held.
            atom = few[0]
            many = self.more.get(atom)
            if many is not None:
                return many
            i = first.get(atom)
            return () if i is None else (i,)
        return self._positions([a for a in few if a in first])

    def _positions(self, held: list[Any]) -> Sequence[int]:
        """The indices of the words that satisfy any of the atoms ``held``, in order."""
        first: dict[Any, int] = self.first
        more: dict[Any, list[int]] = self.more
        if not held:
            return ()
        if len(held) == 1:
            atom = held[0]
            many = more.get(atom)
            return many if many is not None else (first[atom],)
        pos: list[int] = []
        for atom in held:
            many = more.get(atom)
            if many is not None:
                pos.extend(many)
            else:
                pos.append(first[atom])
        pos.sort()
        # Two atoms may hold the same word (a prefix and a lemma): one index each. A walk
        # of the few, not sorted(set()) (two more objects).
        out = [pos[0]]
        for i in pos:
            if i != out[-1]:
                out.append(i)
        return out

    def _held_long(self, elem: int) -> list[Any]:
        """The atoms of the message that a long alternation (a word list) lists. Of the ~25
        atoms a message holds, a few are in some word list: they are picked out once, with
        the lists each is in, and an element then asks those few (a set intersection with
        all ~25 atoms, per element, cost ~3,000 instructions)."""
        atoms = self._big_atoms
        if atoms is None:
            atoms = self._big_atoms = []
            atom_big = self.atom_big
            first: dict[Any, int] = self.first
            for atom in first:
                index: int = atom  # an int index: a direct tuple access
                elems = atom_big[index]
                if elems:
                    atoms.append(atom)
                    self._big_elems.append(elems)
        held: list[Any] = []
        big_elems = self._big_elems
        for k in range(len(atoms)):
            for e in big_elems[k]:  # a few ints, compared unboxed
                if e == elem:
                    held.append(atoms[k])
                    break
        return held


# What a pattern needs, tested on the bytes of the element mask (see _byte_tests): the byte
# and bit of its probe element (most patterns fail there: one test, inline), then the tests
# of the rest (for a candidate, besides its first element, present by construction).
ByteTests = tuple[int, ...]
Needs = tuple[int, int, ByteTests]
# (rule's place in the rule set, rule, pattern, single?, its needs (flat: one unpacking),
#  its rule's unless patterns with theirs)
Candidate = tuple[int, Rule, Pattern, bool, int, int, ByteTests, tuple[tuple[Pattern, Needs], ...]]
# Element id -> the probe tests of the candidates it starts, flat (byte index, bits: those of
# a one-word pattern are its own element's, held by construction), and the candidates; None
# for an element that starts none. A tuple indexed by id: a direct read, not a dict look-up.
Starting = tuple[tuple[tuple[int, ...], list[Candidate]] | None, ...]
# (rule, its place in the rule set, hints (see _hint_leads), hints as one character class,
#  regexes)
RegexRule = tuple[
    Rule,
    int,
    tuple[tuple[str, str], ...],
    re.Pattern[str] | None,
    tuple[tuple[re.Pattern[str], tuple[str, ...]], ...],
]
# The candidates of some rule families (RuleSet._families), the elements that start them (as
# bits) and their regex rules. Typed, not Any: compiled, a regex rule's hints are then walked
# as a tuple, not through an iterator object.
Families = tuple[Starting, int, tuple[RegexRule, ...]]


@dataclass
class _Alt:
    value: str
    prefix: bool
    imperative: bool


@dataclass
class RuleSet:
    """A compiled rule file plus the per-word atom cache that makes matching cheap."""

    name: str
    rules: tuple[Rule, ...]
    lemmatiser: Lemmatiser
    # value -> (atom id of the plain alternative, atom id of its ":impr" one), -1 for none
    _exact: dict[str, tuple[int, int]] = field(default_factory=dict)
    _prefix: dict[str, tuple[int, int]] = field(default_factory=dict)
    elem_atoms: tuple[frozenset[int], ...] = ()  # element id -> the atoms of its alternatives
    # The same as tuples for elements of up to _FEW_ATOMS atoms (a tuple is walked in C by
    # index; a frozenset through an iterator object), None for larger ones.
    elem_few: tuple[tuple[int, ...] | None, ...] = ()
    # Atom id -> the elements of more than _FEW_ATOMS atoms that list it.
    atom_big: tuple[tuple[int, ...], ...] = ()
    # Atom id -> the elements that list it, as bits of an int (bit e: element e): the
    # elements a message holds are then the OR of its ~25 atoms' (sets of ~200 element ids
    # cost a hundred times more), and what a pattern needs is tested on its bytes.
    atom_bits: tuple[int, ...] = ()
    # Bytes of the elements' bit mask, on which match_words tests what a pattern needs.
    n_bytes: int = 0
    # first element -> a Candidate per pattern it starts, in rule file order
    _by_first: dict[int, list[Candidate]] = field(default_factory=dict)
    # The same per rule family ("scope", "critical"): a caller may match one family alone.
    _family_first: dict[str, dict[int, list[Candidate]]] = field(default_factory=dict)
    # Regex rules with their hints; hints that are all single characters ("0".."9") are
    # also given as one character class, a single scan instead of ten `in` tests. Then the
    # rule's regexes, each with the characters it cannot match without (rxneeds).
    _regex_rules_hints: tuple[RegexRule, ...] = ()

    def __post_init__(self) -> None:
        self._cache: dict[str, tuple[int, ...]] = {}
        self._prefix_lengths: tuple[int, ...] = ()
        self._combined: dict[tuple[str, ...] | None, Families] = {}
        # Element ids as int objects made once: appending a computed id above 256 would
        # allocate one per element a message starts with.
        self._elem_ids: tuple[Any, ...] = tuple(range(len(self.elem_atoms)))

    def word_atoms(self, word: str) -> tuple[int, ...]:
        """Atoms a word satisfies; a plain dict cache (cheaper to hit than lru_cache)."""
        found = self._cache.get(word)
        if found is None:
            if len(self._cache) >= _WORD_CACHE_LIMIT:
                self._cache.clear()  # a flood of random strings must not grow memory forever
            found = self._cache[word] = tuple(sorted(self._word_atoms(word)))
        return found

    # -- per-word resolution --------------------------------------------------------------

    def _word_atoms(self, word: str) -> set[int]:
        info = self.lemmatiser.analyse(word)
        found: set[int] = set()
        for form in {word, info.lemma}:
            ids = self._exact.get(form)
            if ids is not None:
                _add_atoms(found, ids, info.imperative)
            for k in self._prefix_lengths:  # only lengths some prefix element has
                if k > len(form):
                    break
                ids = self._prefix.get(form[:k])
                if ids is not None:
                    _add_atoms(found, ids, info.imperative)
        return found

    # -- matching -------------------------------------------------------------------------

    def positions(self, words: Sequence[str]) -> Positions:
        """Atom -> indices of the words that satisfy it."""
        where = Positions(self.elem_few, self.atom_big)
        for i, text in enumerate(words):
            for atom in self.word_atoms(text):
                where.add(atom, i)
        return where

    def match(
        self,
        tokens: Sequence[Token],
        folded: str,
        where: Positions | None = None,
    ) -> list[Hit]:
        """Every rule that fires, once, with the span of its first match."""
        words = [t.text for t in tokens]
        sents = [t.sentence for t in tokens]
        if where is None:
            where = self.positions(words)
        return self.match_words(words, sents, where, folded)

    def _families(self, families: tuple[str, ...] | None) -> Families:
        """The candidates of several families together (None: every family), built once:
        matching them in one pass costs one loop instead of one per family. A rule's own
        candidates keep their order, so each rule's hit is the one its family alone gives.
        Also the elements that start these candidates, as bits (bit e: element e)."""
        found = self._combined.get(families)
        if found is None:
            if families is None:
                by_first = self._by_first
                regex = self._regex_rules_hints
            else:
                by_first = {}
                for fam in families:
                    for elem, cands in self._family_first.get(fam, {}).items():
                        by_first.setdefault(elem, []).extend(cands)
                regex = tuple(x for x in self._regex_rules_hints if x[0].family in families)
            start_bits = 0
            for elem in by_first:
                start_bits |= 1 << elem
            starting: Starting = tuple(
                (tuple(x for c in by_first[e] for x in (c[4], c[5])), by_first[e])
                if e in by_first
                else None
                for e in range(len(self.elem_atoms))
            )
            found = self._combined[families] = (starting, start_bits, regex)
        return found

    def match_words(
        self,
        words: Sequence[str],
        sents: Sequence[int],
        where: Positions,
        folded: str,
        family: str | tuple[str, ...] | None = None,
    ) -> list[Hit]:
        """Every rule that fires, once, with the span of its first match; ``sents[i]`` is
        the sentence of ``words[i]`` and ``where`` says which words satisfy each atom.
        ``family``: only the rules of that rule file (or of those files, in one pass)."""
        # Keyed by the rule's place in the rule set: the hits are returned in that order.
        hits: dict[int, Hit] = {}
        if isinstance(family, str):
            family = (family,)
        starting_at, start_bits, regex_rules = self._families(family)
        # The elements present, as bits: the OR of the atoms'.
        atom_bits = self.atom_bits
        present = 0
        # Ids typed Any stay the int objects the dicts hold: compiled, an id read as int is
        # unboxed and boxed again (an allocation above 256) for each dict look-up.
        first: dict[Any, int] = where.first
        for atom in first:
            present |= atom_bits[atom]
        n_bytes = self.n_bytes
        held = present.to_bytes(n_bytes, "little")
        # Those of them that start some pattern (only they can start a match), in id order:
        # the first pattern of a rule to match gives its evidence span. Read off the bytes
        # of one AND (a set of them, updated per atom and sorted, cost ~4 times more).
        starting = (present & start_bits).to_bytes(n_bytes, "little")
        ids = self._elem_ids
        starts: list[Any] = []  # boxed once, for the dict look-ups below
        for k in range(n_bytes):
            byte = starting[k]
            if byte:
                for b in range(8):
                    if byte >> b & 1:
                        starts.append(ids[k * 8 + b])
        for boxed in starts:
            elem: int = boxed
            found = starting_at[elem]
            if found is None:
                continue
            probes, cands = found
            for j in range(len(cands)):
                # Most of the ~60 candidates a message fail on their probe: it is tested
                # before the candidate's tuple is unpacked (its eight items type-checked).
                at = j + j  # not 2 * j: a tagged multiply is a call
                if not held[probes[at]] & probes[at + 1]:
                    continue
                place, rule, pattern, single, _, _, rest, unless = cands[j]
                if place in hits:
                    continue
                if single:
                    start = end = where.of_elem(elem)[0]
                elif not rest or _holds(held, rest):
                    span = _find(pattern, sents, where)
                    if span is None:
                        continue
                    start, end = span
                else:
                    continue
                sentence = sents[start]
                if unless and any(
                    held[u_at] & u_bit
                    and (not u_rest or _holds(held, u_rest))
                    and _find(u, sents, where, sentence) is not None
                    for u, (u_at, u_bit, u_rest) in unless
                ):
                    continue
                hits[place] = Hit(rule, None, sentence, words, start, end)
        for rule, place, hints, hint_chars, regexes in regex_rules:
            if place in hits:
                continue
            if hint_chars is not None:
                if hint_chars.search(folded) is None:
                    continue
            elif hints:
                # Plain `in` tests: faster than any regex over the text. The lead is tested
                # first (see _hint_leads).
                for lead, h in hints:
                    if lead in folded and (lead is h or h in folded):
                        break
                else:
                    continue
            for rx, needed in regexes:
                if needed and not holds_needed(folded, needed):
                    continue
                m = rx.search(folded)
                if m:
                    hits[place] = Hit(rule, m.group(0).strip(), -1)
                    break
        # File order, so evidence reads in the order the rules were written.
        return [hits[place] for place in sorted(hits)]


def _holds(held: bytes, tests: ByteTests) -> bool:
    """Whether the element mask ``held`` (bytes, little-endian) has every bit of ``tests``:
    pairs (byte index, bits of that byte), flattened (see _byte_tests)."""
    for k in range(0, len(tests), 2):
        bits = tests[k + 1]
        if held[tests[k]] & bits != bits:
            return False
    return True


def _byte_tests(elems: Iterable[int]) -> ByteTests:
    """The bits of ``elems`` as _holds tests: one per byte of the element mask, a byte and a
    small int each, where an AND of ~2,200-bit ints allocates a new one."""
    masks: dict[int, int] = {}
    for e in elems:
        masks[e >> 3] = masks.get(e >> 3, 0) | 1 << (e & 7)
    return tuple(x for i in sorted(masks) for x in (i, masks[i]))


def _add_atoms(found: set[int], ids: tuple[int, int], imperative: bool) -> None:
    plain, impr = ids
    if plain >= 0:
        found.add(plain)
    if impr >= 0 and imperative:
        found.add(impr)


def _spans(
    elements: tuple[int, ...],
    gap: int,
    sents: Sequence[int],
    where: Positions,
    sentence: int,
    first_only: bool,
) -> list[tuple[int, int]]:
    """Word spans (first, last) where the ordered ``elements`` occur, at most ``gap`` words
    apart, within one sentence (``sentence`` < 0: any), in order; only the first one with
    ``first_only``. Greedy: the nearest next element is taken. A list, not a generator:
    there are one or two, and a generator costs more than the walk."""
    out: list[tuple[int, int]] = []
    lists = []
    for elem in elements:
        pos = where.of_elem(elem)
        if not pos:
            return out
        lists.append(pos)
    rest = lists[1:]
    for start in lists[0]:
        sent = sents[start]
        if sentence >= 0 and sent != sentence:
            continue
        prev = start
        for pos in rest:
            limit = prev + gap + 1
            nxt = -1
            for p in pos:
                if p > limit:
                    break
                if p > prev and sents[p] == sent:
                    nxt = p
                    break
            if nxt < 0:
                break
            prev = nxt
        else:
            out.append((start, prev))
            if first_only:
                break
    return out


def _find(
    pattern: Pattern,
    sents: Sequence[int],
    where: Positions,
    sentence: int = -1,
) -> tuple[int, int] | None:
    """Word span (first, last) of the first match of ``pattern`` (within ``sentence``, if
    not negative), or None."""
    if pattern.single:
        # One word: most rules are word lists, and need no walk at all.
        for p in where.of_elem(pattern.parts[0][0]):
            if sentence < 0 or sents[p] == sentence:
                return p, p
        return None
    parts = pattern.parts
    alone = len(parts) == 1
    spans = _spans(parts[0], pattern.gap, sents, where, sentence, alone)
    if alone:
        return spans[0] if spans else None
    for start, end in spans:
        sent = sents[start]
        lo, hi = start, end
        matched = True
        for part in parts[1:]:
            found = None
            for sp in _spans(part, pattern.gap, sents, where, sent, False):
                if abs(sp[0] - start) <= pattern.window:
                    found = sp
                    break
            if found is None:
                matched = False
                break
            lo, hi = min(lo, found[0]), max(hi, found[1])
        if matched:
            return lo, hi
    return None


# --- loading ------------------------------------------------------------------------------


def _parse_alt(text: str, lemmatiser: Lemmatiser, where: str) -> _Alt:
    imperative = text.endswith(":impr")
    if imperative:
        text = text[: -len(":impr")]
    prefix = text.endswith("*")
    value = text.rstrip("*").lower().replace("ё", "е")
    if not value or not re.fullmatch(r"[а-яa-z0-9_'.-]+", value):
        raise ConfigurationError(f"{where}: bad pattern element {text!r}")
    if not prefix and lemmatiser.name == "snowball" and re.search("[а-я]", value):
        # The snowball backend's "lemma" is a stem: compare stems with stems.
        value = lemmatiser.lemma(value)
    return _Alt(value, prefix, imperative)


def load_rules(paths: Path | Sequence[Path], lemmatiser: Lemmatiser) -> RuleSet:
    """Compile YAML rule files into one rule set (one pass over a message serves them all);
    each rule keeps its file's name as ``family``. A malformed rule is a ConfigurationError
    naming its file and id."""
    if isinstance(paths, Path):
        paths = [paths]
    element_ids: dict[tuple[str, str], int] = {}
    elements: list[list[_Alt]] = []
    rules: list[Rule] = []
    seen: set[str] = set()
    lists: dict[str, list[str]] = {}
    family = ""

    def expand(key: str, where: str) -> list[str]:
        alts: list[str] = []
        for alt in key.split("|"):
            if alt.startswith("@"):
                name, _, suffix = alt[1:].partition(":")
                if name not in lists:
                    raise ConfigurationError(f"{where}: unknown word list @{name}")
                alts.extend(f"{w}:{suffix}" if suffix else w for w in lists[name])
            else:
                alts.append(alt)
        return alts

    def compile_part(words: list[str], where: str) -> tuple[int, ...]:
        ids: list[int] = []
        for word in words:
            key = (family, word)  # "@list" means the list of the rule's own file
            if key not in element_ids:
                element_ids[key] = len(elements)
                elements.append([_parse_alt(a, lemmatiser, where) for a in expand(word, where)])
            ids.append(element_ids[key])
        return tuple(ids)

    def compile_pattern(src: str, gap: int, window: int, where: str) -> Pattern:
        body = src
        if body.startswith("= "):
            # "= не у всех": the words must be adjacent, no gap ("не открывается у всех" is
            # not "не у всех").
            body, gap = body[2:], 0
        parts = [p.split() for p in body.split(" + ")]
        if any(not p for p in parts):
            raise ConfigurationError(f"{where}: bad pattern {src!r}")
        compiled = tuple(compile_part(p, where) for p in parts)
        needs = frozenset(e for part in compiled for e in part)
        single = len(compiled) == 1 and len(compiled[0]) == 1
        return Pattern(src, compiled, gap, window, needs, single, compiled[-1][-1])

    for path in paths:
        family = path.stem
        lists, items = _read_rule_file(path)
        for n, item in enumerate(items):
            rules.append(_compile_rule(item, n, path, family, seen, compile_pattern))
    # One atom per distinct alternative (value, prefix?, imperative?), shared by every
    # element that lists it.
    atom_ids: dict[tuple[str, bool, bool], int] = {}
    exact: dict[str, list[int]] = {}
    prefix: dict[str, list[int]] = {}
    elem_atoms: list[frozenset[int]] = []
    for alts in elements:
        atoms: set[int] = set()
        for alt in alts:
            key = (alt.value, alt.prefix, alt.imperative)
            atom = atom_ids.get(key)
            if atom is None:
                atom = atom_ids[key] = len(atom_ids)
                slots = (prefix if alt.prefix else exact).setdefault(alt.value, [-1, -1])
                slots[1 if alt.imperative else 0] = atom
            atoms.add(atom)
        elem_atoms.append(frozenset(atoms))
    rs = RuleSet(
        "+".join(p.stem for p in paths),
        tuple(rules),
        lemmatiser,
        _exact={v: (ids[0], ids[1]) for v, ids in exact.items()},
        _prefix={v: (ids[0], ids[1]) for v, ids in prefix.items()},
        elem_atoms=tuple(elem_atoms),
        elem_few=tuple(tuple(sorted(a)) if len(a) <= _FEW_ATOMS else None for a in elem_atoms),
        atom_big=_atom_big(elem_atoms, len(atom_ids)),
        atom_bits=_atom_bits(elem_atoms, len(atom_ids)),
        n_bytes=(len(elem_atoms) + 7) // 8,
    )

    def needs(pat: Pattern, given: int = -1) -> Needs:
        rest = _byte_tests(pat.needs - {pat.probe, given})
        return (pat.probe >> 3, 1 << (pat.probe & 7), rest)

    for place, rule in enumerate(rules):
        unless = tuple((u, needs(u)) for u in rule.unless)
        for pat in rule.patterns:
            # Its first element is present (it is why the pattern is a candidate): most
            # candidates need nothing but their probe (two words).
            at, bit, rest = needs(pat, pat.first)
            cand: Candidate = (place, rule, pat, pat.single, at, bit, rest, unless)
            rs._by_first.setdefault(pat.first, []).append(cand)
            rs._family_first.setdefault(rule.family, {}).setdefault(pat.first, []).append(cand)
    rs._regex_rules_hints = tuple(
        (
            r,
            place,
            _hint_leads(r.regex_hints),
            _char_class(r.regex_hints),
            tuple((x, needed_chars(x)) for x in r.regexes),
        )
        for place, r in enumerate(rules)
        if r.regexes
    )
    rs._prefix_lengths = tuple(sorted({len(v) for v in rs._prefix}))
    return rs


def _atom_bits(elem_atoms: list[frozenset[int]], n_atoms: int) -> tuple[int, ...]:
    """Atom id -> the bits of the elements that list it (one pass over the elements: asking
    every atom about every element cost ~0.3 s of engine load)."""
    bits = [0] * n_atoms
    for elem, atoms in enumerate(elem_atoms):
        bit = 1 << elem
        for atom in atoms:
            bits[atom] |= bit
    return tuple(bits)


def _atom_big(elem_atoms: list[frozenset[int]], n_atoms: int) -> tuple[tuple[int, ...], ...]:
    """Atom id -> the elements of more than _FEW_ATOMS atoms that list it."""
    big: list[list[int]] = [[] for _ in range(n_atoms)]
    for elem, atoms in enumerate(elem_atoms):
        if len(atoms) > _FEW_ATOMS:
            for atom in atoms:
                big[atom].append(elem)
    return tuple(tuple(b) for b in big)


def _hint_leads(hints: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Each hint with the text to look for before it: the first character of a hint of
    several ASCII characters, else the hint itself. `hint in text` with an ASCII hint and a
    Cyrillic text copies the hint to the text's character width first (an allocation per
    test); a single character is looked for without (and the hint cannot occur without it)."""
    return tuple((h[0] if len(h) > 1 and h.isascii() else h, h) for h in hints)


def _char_class(hints: tuple[str, ...]) -> re.Pattern[str] | None:
    if len(hints) < 3 or any(len(h) != 1 for h in hints):
        return None
    return re.compile("[" + "".join(re.escape(h) for h in hints) + "]")


def _read_rule_file(path: Path) -> tuple[dict[str, list[str]], list[Any]]:
    raw = read_yaml(path)
    lists: dict[str, list[str]] = {}
    if isinstance(raw, dict):
        # {lists: {name: [words]}, rules: [...]}: "@name" in a pattern stands for the list.
        lists = {str(k): [str(w) for w in v] for k, v in (raw.get("lists") or {}).items()}
        raw = raw.get("rules")
    if not isinstance(raw, list):
        raise ConfigurationError(f"{path}: expected a list of rules")
    return lists, raw


def _compile_rule(
    item: Any,
    n: int,
    path: Path,
    family: str,
    seen: set[str],
    compile_pattern: Any,
) -> Rule:
    where = f"{path.name} rule #{n + 1}"
    if not isinstance(item, dict) or "id" not in item:
        raise ConfigurationError(f"{where}: a rule needs an id")
    rid = str(item["id"])
    where = f"{path.name} rule {rid}"
    if rid in seen:
        raise ConfigurationError(f"{where}: duplicate id")
    seen.add(rid)
    if "scores" in item:
        scores = {str(k): float(v) for k, v in dict(item["scores"]).items()}
    elif "class" in item:
        scores = {str(item["class"]): float(item.get("weight", 1.0))}
    else:
        raise ConfigurationError(f"{where}: needs `class` or `scores`")
    gap = int(item.get("gap", DEFAULT_GAP))
    window = int(item.get("window", DEFAULT_WINDOW))
    pats = tuple(
        compile_pattern(str(p), gap, window, where) for p in _as_list(item.get("patterns"))
    )
    unless = tuple(
        compile_pattern(str(p), gap, window, where) for p in _as_list(item.get("unless"))
    )
    try:
        # As rxprefix rewrites them: the same matches, but re's search skips to where one
        # may start ("\\b(?:401|429)\\b" was tried at every character of the text).
        regexes = tuple(compile_fast(str(r)) for r in _as_list(item.get("regex")))
    except re.error as exc:
        raise ConfigurationError(f"{where}: bad regex: {exc}") from exc
    if not pats and not regexes:
        raise ConfigurationError(f"{where}: needs `patterns` or `regex`")
    return Rule(
        id=rid,
        scores=scores,
        patterns=pats,
        regexes=regexes,
        unless=unless,
        clause=item.get("clause"),
        examples=tuple(str(e) for e in _as_list(item.get("examples"))),
        counter=tuple(str(e) for e in _as_list(item.get("counter"))),
        regex_hints=tuple(str(h) for h in _as_list(item.get("regex_hints"))),
        family=family,
        note=item.get("note"),
    )


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]

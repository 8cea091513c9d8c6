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

Each distinct word is resolved once to the set of elements it satisfies (cached), so matching
a message is a few set lookups per word plus a short walk per candidate pattern.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yudesk.errors import ConfigurationError
from yudesk.triage.lemmas import Lemmatiser
from yudesk.triage.normalize import Token
from yudesk.triage.ruledata import read_yaml

DEFAULT_GAP = 2
DEFAULT_WINDOW = 12  # unordered parts must sit within this many words of each other
_WORD_CACHE_LIMIT = 200_000


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

    @property
    def first(self) -> int:
        return self.parts[0][0]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    scores: Mapping[str, float]
    patterns: tuple[Pattern, ...]
    regexes: tuple[re.Pattern[str], ...]
    unless: tuple[Pattern, ...]
    clause: str | None
    examples: tuple[str, ...]
    counter: tuple[str, ...]
    regex_hints: tuple[str, ...] = ()  # substrings of which one must occur for the regexes
    family: str = ""  # the rule file it came from: "scope", "critical"
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    rule: Rule
    span: str  # the words that made the rule fire (folded text), for evidence
    sentence: int


@dataclass
class _Alt:
    value: str
    prefix: bool
    imperative: bool


@dataclass
class RuleSet:
    """A compiled rule file plus the per-word element cache that makes matching cheap."""

    name: str
    rules: tuple[Rule, ...]
    lemmatiser: Lemmatiser
    _exact: dict[str, list[tuple[int, bool]]] = field(default_factory=dict)
    _prefix: dict[str, list[tuple[int, bool]]] = field(default_factory=dict)
    _by_first: dict[int, list[tuple[Rule, Pattern]]] = field(default_factory=dict)
    _regex_rules: tuple[Rule, ...] = ()
    _unless_rules: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self._cache: dict[str, tuple[int, ...]] = {}
        self._order = {r.id: i for i, r in enumerate(self.rules)}

    def word_elements(self, word: str) -> tuple[int, ...]:
        """Elements a word satisfies; a plain dict cache (cheaper to hit than lru_cache)."""
        found = self._cache.get(word)
        if found is None:
            if len(self._cache) >= _WORD_CACHE_LIMIT:
                self._cache.clear()  # a flood of random strings must not grow memory forever
            found = self._cache[word] = tuple(self._word_elements(word))
        return found

    # -- per-word resolution --------------------------------------------------------------

    def _word_elements(self, word: str) -> frozenset[int]:
        info = self.lemmatiser.analyse(word)
        found: set[int] = set()
        for form in {word, info.lemma}:
            for elem, needs_impr in self._exact.get(form, ()):
                if info.imperative or not needs_impr:
                    found.add(elem)
            for k in range(1, len(form) + 1):
                for elem, needs_impr in self._prefix.get(form[:k], ()):
                    if info.imperative or not needs_impr:
                        found.add(elem)
        return frozenset(found)

    # -- matching -------------------------------------------------------------------------

    def positions(self, tokens: Sequence[Token]) -> dict[int, list[int]]:
        where: dict[int, list[int]] = {}
        get = self._cache.get
        for i, (text, _, _, _) in enumerate(tokens):
            elems = get(text)
            if elems is None:
                elems = self.word_elements(text)
            for elem in elems:
                if elem in where:
                    where[elem].append(i)
                else:
                    where[elem] = [i]
        return where

    def match(
        self,
        tokens: Sequence[Token],
        folded: str,
        where: dict[int, list[int]] | None = None,
    ) -> list[Hit]:
        """Every rule that fires, once, with the span of its first match."""
        if where is None:
            where = self.positions(tokens)
        hits: dict[str, Hit] = {}
        present = where.keys()
        by_first = self._by_first
        for elem, positions in where.items():
            for rule, pattern in by_first.get(elem, ()):
                if rule.id in hits:
                    continue
                if pattern.single:
                    span: tuple[int, int] | None = (positions[0], positions[0])
                elif pattern.needs <= present:
                    span = _find(pattern, tokens, where)
                else:
                    continue
                if span is None:
                    continue
                start, end = span
                sentence = tokens[start].sentence
                if rule.unless and any(
                    u.needs <= present and _find(u, tokens, where, sentence) is not None
                    for u in rule.unless
                ):
                    continue
                text = folded[tokens[start].start : tokens[end].end]
                if not text.strip():  # synthetic tokens (cred_<kind>) have no text span
                    text = " ".join(t.text for t in tokens[start : end + 1])
                hits[rule.id] = Hit(rule, text, sentence)
        for rule in self._regex_rules:
            if rule.id in hits:
                continue
            if rule.regex_hints and not any(h in folded for h in rule.regex_hints):
                continue
            for rx in rule.regexes:
                m = rx.search(folded)
                if m:
                    hits[rule.id] = Hit(rule, m.group(0).strip(), -1)
                    break
        # File order, so evidence reads in the order the rules were written.
        order = self._order
        return sorted(hits.values(), key=lambda h: order[h.rule.id])


def _spans(
    elements: tuple[int, ...],
    gap: int,
    tokens: Sequence[Token],
    where: Mapping[int, list[int]],
    sentence: int | None,
) -> Iterator[tuple[int, int]]:
    """Token spans (first, last) where the ordered ``elements`` occur, at most ``gap`` words
    apart, within one sentence. Greedy: the nearest next element is taken."""
    lists = []
    for elem in elements:
        pos = where.get(elem)
        if not pos:
            return
        lists.append(pos)
    for start in lists[0]:
        sent = tokens[start].sentence
        if sentence is not None and sent != sentence:
            continue
        prev = start
        for pos in lists[1:]:
            nxt = next(
                (p for p in pos if prev < p <= prev + gap + 1 and tokens[p].sentence == sent),
                None,
            )
            if nxt is None:
                break
            prev = nxt
        else:
            yield start, prev


def _find(
    pattern: Pattern,
    tokens: Sequence[Token],
    where: Mapping[int, list[int]],
    sentence: int | None = None,
) -> tuple[int, int] | None:
    """Token span (first, last) of the first match of ``pattern``, or None."""
    if len(pattern.parts) == 1 and len(pattern.parts[0]) == 1:
        # One word: most rules are word lists, and need no walk at all.
        for p in where.get(pattern.parts[0][0], ()):
            if sentence is None or tokens[p].sentence == sentence:
                return p, p
        return None
    first, *others = pattern.parts
    for start, end in _spans(first, pattern.gap, tokens, where, sentence):
        if not others:
            return start, end
        sent = tokens[start].sentence
        lo, hi = start, end
        for part in others:
            found = next(
                (
                    sp
                    for sp in _spans(part, pattern.gap, tokens, where, sent)
                    if abs(sp[0] - start) <= pattern.window
                ),
                None,
            )
            if found is None:
                break
            lo, hi = min(lo, found[0]), max(hi, found[1])
        else:
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
        return Pattern(src, compiled, gap, window, needs, single)

    for path in paths:
        family = path.stem
        lists, items = _read_rule_file(path)
        for n, item in enumerate(items):
            rules.append(_compile_rule(item, n, path, family, seen, compile_pattern))
    rs = RuleSet("+".join(p.stem for p in paths), tuple(rules), lemmatiser)
    for idx, alts in enumerate(elements):
        for alt in alts:
            table = rs._prefix if alt.prefix else rs._exact
            table.setdefault(alt.value, []).append((idx, alt.imperative))
    for rule in rules:
        for pat in rule.patterns:
            rs._by_first.setdefault(pat.first, []).append((rule, pat))
    rs._regex_rules = tuple(r for r in rules if r.regexes)
    return rs


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
        regexes = tuple(re.compile(str(r)) for r in _as_list(item.get("regex")))
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

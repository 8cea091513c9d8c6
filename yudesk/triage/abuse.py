"""Profanity and insults toward staff (S-POST-1, SLA 4.8), word by word.

Every word is judged alone (never a raw substring of the text), after folding the disguises
people use: Latin look-alikes ("xyйня"), digits and symbols for letters ("6лять", "$ука"),
and masks ("х**ня", "п...ц", "бл@ть") that are filled from a lexicon of full forms. The word
lists are data in rules/abuse.yaml; each verdict is cached per word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from typing import Any

from yudesk.errors import ConfigurationError
from yudesk.triage.normalize import (
    fold_lookalikes,
    fold_masked_word,
    lookalikes_to_cyrillic,
    lowered,
    split_chunks,
)
from yudesk.triage.ruledata import RULES_DIR, read_yaml
from yudesk.triage.rxprefix import first_char_rewrite
from yudesk.triage.translit import latin_letters_read_aloud

RULES_FILE = RULES_DIR / "abuse.yaml"

# Word characters plus the symbols people mask letters with ("х**ня", "п№здец", "бл@ть",
# "п^здец", "х!йня"); symbols at a word's edge are punctuation and are stripped.
_TOKEN = re.compile(r"[\w*@#$%.…№^&~!?-]+")
# Every phrase rule starts with one of these verbs; no verb, no phrase to look for.
_PHRASE_HINTS = (
    "пошли", "идите", "катитесь", "валите", "you", "screw", "hell", "piss", "твою",
    "вашу мать", "мать вашу", "мать их", "мать его", "мать ее", "мать её",
    "тупой", "тупая", "тупое", "тупого", "тупому", "тупую", "пые", "пых", "пым", "хреновин",
    "козел", "козёл", "баран", "дятел", "свинья", "скотина", "индюк",
)  # fmt: skip
_MASK_CHARS = frozenset("*@#$%.…_№^&~!?")
_EDGE_PUNCT = ".…-_!?"
_CYR = re.compile(r"[а-я]")
_CYR_LOWER = "абвгдежзийклмнопрстуфхцчшщъыьэюяё"
_BOTH_SCRIPTS = re.compile(r"[a-z][а-яё]|[а-яё][a-z]", re.IGNORECASE)
# Digits and symbols that stand for letters inside Cyrillic words ("6лять", "$ука", "п0шли").
_SYMBOL_LETTERS = str.maketrans({"0": "о", "6": "б", "@": "а", "$": "с", "3": "з", "9": "я"})


@dataclass(frozen=True, slots=True)
class AbuseRule:
    id: str
    kind: str  # profanity | insult
    words: re.Pattern[str] | None
    exceptions: re.Pattern[str] | None
    # A phrase rule's regex as rxprefix rewrites it to open with a class of its first
    # characters, which re's search skips to (a phrase opening with "\b" is otherwise tried
    # at every position); it matches the same as the regex written in the YAML.
    phrase: re.Pattern[str] | None
    examples: tuple[str, ...]
    counter: tuple[str, ...]
    # A phrase rule's regex can only match where one of these texts starts (None: unknown);
    # declared in rules/abuse.yaml, checked against the regex by a test.
    starts: tuple[str, ...] | None = None
    written: str | None = None  # the phrase regex as written in the YAML, for reading


@dataclass(frozen=True, slots=True)
class AbuseHit:
    rule: AbuseRule
    span: str


@dataclass(frozen=True, slots=True)
class _Lexicon:
    by_first: dict[str, tuple[str, ...]]
    all_words: tuple[str, ...]


def _alternation(patterns: list[str]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns))


@lru_cache(maxsize=1)
def _rule_file() -> Any:
    """rules/abuse.yaml, parsed once: the rules and the neutral phrases both read it."""
    return read_yaml(RULES_FILE)


@lru_cache(maxsize=1)
def _load() -> tuple[tuple[AbuseRule, ...], tuple[AbuseRule, ...], _Lexicon]:
    raw = _rule_file()
    try:
        word_rules = tuple(
            AbuseRule(
                id=r["id"],
                kind=r["kind"],
                words=_alternation(r.get("words", [])),
                exceptions=_alternation(r.get("except", [])),
                phrase=None,
                examples=tuple(r.get("examples", ())),
                counter=tuple(r.get("counter", ())),
            )
            for r in raw["rules"]
        )
        phrases = raw.get("phrases", [])
        rewritten = first_char_rewrite([r["regex"] for r in phrases], 0)
        phrase_rules = tuple(
            AbuseRule(
                id=r["id"],
                kind=r["kind"],
                words=None,
                exceptions=None,
                phrase=re.compile(rx),
                examples=tuple(r.get("examples", ())),
                counter=tuple(r.get("counter", ())),
                starts=tuple(r["starts"]) if r.get("starts") else None,
                written=r["regex"],
            )
            for r, rx in zip(phrases, rewritten, strict=True)
        )
        words = tuple(sorted(set(raw["lexicon"].split())))
    except (KeyError, TypeError, re.error) as exc:
        raise ConfigurationError(f"cannot load abuse rules {RULES_FILE}: {exc}") from exc
    by_first: dict[str, list[str]] = {}
    for w in words:
        by_first.setdefault(w[0], []).append(w)
    lexicon = _Lexicon({k: tuple(v) for k, v in by_first.items()}, words)
    return word_rules, phrase_rules, lexicon


def _fold_word(token: str) -> str:
    word = fold_lookalikes(token).lower().replace("ё", "е")
    if _CYR.search(word):
        word = word.translate(_SYMBOL_LETTERS)
    return word


def _mask_regex(token: str) -> re.Pattern[str] | None:
    """ "х**ня" -> ^х[а-яa-z]{1,3}ня$ : each run of mask characters stands for the letters it
    hides (a run of dots for any number of them, "п...ц")."""
    parts: list[str] = []
    letters = 0
    i = 0
    while i < len(token):
        ch = token[i]
        if ch in _MASK_CHARS:
            j = i
            while j < len(token) and token[j] in _MASK_CHARS:
                j += 1
            run = token[i:j]
            n = j - i
            if "." in run or "…" in run:
                parts.append("[а-яa-z]{1,5}")
            else:
                parts.append(f"[а-яa-z]{{{max(1, n - 1)},{n + 1}}}")
            i = j
            continue
        if ch.isalpha():
            letters += 1
            parts.append(re.escape(ch))
        else:
            return None
        i += 1
    if letters < 2:
        return None  # "***" or "*а*": nothing to recognise
    return re.compile("^" + "".join(parts) + "$")


_word_verdicts: dict[str, AbuseRule | None] = {}


@lru_cache(maxsize=1)
def _word_gate() -> re.Pattern[str] | None:
    """The `words` of every word rule in one regex. A word it does not match breaks no rule
    (exceptions only take matches away), so most words need one search, not one per rule.
    None (no gate) if the rules use groups, which would be renumbered in one regex."""
    word_rules, _, _ = _load()
    patterns = [r.words for r in word_rules if r.words is not None]
    if any(p.groups or p.flags != re.UNICODE for p in patterns):
        return None
    try:
        return _alternation([p.pattern for p in patterns])
    except re.error:  # e.g. a rule's inline global flag, valid only at its own start
        return None


def _judge_word(word: str) -> AbuseRule | None:
    """The first word rule a folded word breaks. Cached per word: "РАБОТАЕТ" and "работает"
    are different tokens but one folded word, and mask fillings repeat across tokens."""
    if word in _word_verdicts:
        return _word_verdicts[word]
    found = None
    gate = _word_gate()
    if gate is None or gate.search(word) is not None:
        for rule in _load()[0]:
            if rule.words is not None and rule.words.search(word):
                if rule.exceptions is not None and rule.exceptions.search(word):
                    continue
                found = rule
                break
    if len(_word_verdicts) >= _VERDICTS_LIMIT:
        _word_verdicts.clear()
    _word_verdicts[word] = found
    return found


@lru_cache(maxsize=50_000)
def judge_token(token: str) -> str | None:
    """Id of the abuse rule a token breaks, or None. Cached: verdicts depend on the word only."""
    rid = _judge_token(token)
    core = token.strip(_EDGE_PUNCT)  # "ЭП." ends a sentence; its dot masks nothing
    if (
        rid is None
        and core.startswith(("э", "Э"))
        and (len(core) >= 5 or not _MASK_CHARS.isdisjoint(core))
    ):
        # Russian typed in Latin letters: a word-initial "e" reads as "э" ("eto" - "это"),
        # which turns "e*anyi" into "э*аный"; the "е" reading is tried as well. Not for
        # short unmasked words: "ЭП" (an e-signature) is no "еп".
        rid = _judge_token("е" + core[1:])
    return rid


def _judge_token(token: str) -> str | None:
    _, _, lexicon = _load()
    raw = token.strip(_EDGE_PUNCT)
    if len(raw) < 2 or "://" in raw:
        return None
    if not raw.strip(_CYR_LOWER):
        # Lower-case Cyrillic letters only (one C call says so), most words of a text: no
        # look-alike, symbol, mask, separator or Latin letter, so of the readings below only
        # the plain word and the stretched one can apply, and _fold_word would only turn
        # "ё" into "е". The same verdict for a fraction of the first-time cost of a word.
        plain = raw.replace("ё", "е")
        rule = _judge_word(plain)
        if rule is None and _STRETCHED.search(plain):
            rule = _judge_word(_STRETCHED.sub(r"\1", plain))
        return rule.id if rule is not None else None
    # Mask characters inside (or closing) a word mean a disguised word; "@" and "$" might
    # also stand for a letter, so the plain reading is tried first.
    plain = _fold_word(raw)
    rule = _judge_word(plain) if plain.replace("-", "").isalpha() else None
    if rule is not None:
        return rule.id
    if _BOTH_SCRIPTS.search(raw) is not None:
        # Latin letters in a Cyrillic word stand for a sound as often as for a shape:
        # "дebилы" (b for б; the look-alike fold reads "деьилы"), "пиzдец"; and a word may
        # be mostly look-alikes ("cyкa"), which the text's fold leaves Latin.
        for reading in (latin_letters_read_aloud(raw), lookalikes_to_cyrillic(raw)):
            other = reading.lower().replace("ё", "е")
            if other != plain and other.replace("-", "").isalpha():
                rule = _judge_word(other)
                if rule is not None:
                    return rule.id
    if _STRETCHED.search(plain):
        # A letter held for emphasis ("бляяяя", "сукааа", "fuuuck"): the word without it.
        rule = _judge_word(_STRETCHED.sub(r"\1", plain))
        if rule is not None:
            return rule.id
    if _SPELLED.fullmatch(raw):
        # Letters spelled apart ("х.у.й", "Б-Л-Я"): the word they spell.
        rule = _judge_word(_fold_word("".join(ch for ch in raw if ch.isalpha())))
        if rule is not None:
            return rule.id
    if _MASK_CHARS.isdisjoint(raw):
        if not raw.isalpha() and _DIGIT_INSIDE.search(raw) is not None:
            # A digit inside a Cyrillic word may mask a letter, as "*" does: "п3здец" is
            # no word with "3" read as "з", but "п*здец" is a masked one.
            return judge_token(_DIGIT_INSIDE.sub("*", raw))
        return None
    folded = fold_masked_word(raw).lower().replace("ё", "е")
    if _INITIALS.fullmatch(folded):
        if _DOTTED_PAIR.fullmatch(raw):
            # "х.р": a dot between two letters hides one.
            for letter in _HIDDEN:
                hit = _judge_word(folded[0] + letter + folded[2])
                if hit is not None:
                    return hit.id
        return None  # "Е.А.", "т.е.": initials and abbreviations, not a masked word
    if "-" in folded:
        # A masked word as one part of a hyphenated compound ("г**но-интеграция",
        # "CRM-х**ня"): each part is judged on its own.
        for part in raw.split("-"):
            if len(part) >= 2 and not _MASK_CHARS.isdisjoint(part):
                rid = judge_token(part)
                if rid is not None:
                    return rid
    candidates = lexicon.by_first.get(folded[0], ()) if folded[0].isalpha() else lexicon.all_words
    if not candidates and _FILL_RUN.search(folded) is None:
        return None  # "reg.ru", "т.е": dots only, and no word of the lexicon starts so
    rx = _mask_regex(folded)
    if rx is None:
        return None
    # Short masks ("х*рова", "е**чие"): try the letters people hide and judge each filled
    # word by the same word rules, so every inflection is covered without listing it.
    for filled in _fillings(folded):
        hit = _judge_word(filled)
        if hit is not None:
            return hit.id
    # Long masks ("п****ц", "п...ц"): compare with the lexicon of full forms.
    for full in candidates:
        if rx.match(full):
            hit = _judge_word(full)
            if hit is not None:
                return hit.id
    return None


# Letters that masks hide in Russian mat: "х*й" (у), "п*зда" (и), "бл*ть" (я), "е*ать" (б),
# "нах*р" (е), "г*вно" (о), "м*дак" (у), "зае*али" (б), "е**чие" (бу), "х**ня" (уй),
# "ни**я" (ху).
_HIDDEN = "уияебаойдлзх"
_MAX_FILL = 2  # runs up to two characters are enumerated (11 + 121 candidates at most)


def _fillings(folded: str) -> list[str]:
    runs = list(_FILL_RUN.finditer(folded))
    if not runs or any(len(m.group(0)) > _MAX_FILL for m in runs) or len(runs) > 2:
        return []
    if "." in folded or "…" in folded:
        return []
    out = [""]
    pos = 0
    for m in runs:
        literal = folded[pos : m.start()]
        n = len(m.group(0))
        choices = [a + b for a in _HIDDEN for b in _HIDDEN] if n == 2 else list(_HIDDEN)
        if n == 2:
            choices += list(_HIDDEN)  # "х**ня" may hide one letter as well as two
        else:
            choices.append("")  # "х*рень": a star put into the word, hiding nothing
        out = [o + literal + c for o in out for c in choices]
        pos = m.end()
    tail = folded[pos:]
    return [o + tail for o in out]


_FILL_RUN = re.compile(r"[*@#$%_№^&~!?]+")
# One digit between two Cyrillic letters (not "2х", "10шт", "1с").
_DIGIT_INSIDE = re.compile(r"(?<=[а-яА-ЯёЁ])\d(?=[а-яА-ЯёЁ])")
_STRETCHED = re.compile(r"([^\W\d_])\1{2,}")
# "х" is nobody's initial in practice; "Е.И." after a surname is a name, not "е*и".
_DOTTED_PAIR = re.compile(r"х\.[а-яё]")
_INITIALS = re.compile(r"(?:[^\W\d_]\.){1,3}[^\W\d_]?")
# One letter, then a separator, at least three letters in all: a word spelled apart.
_SPELLED = re.compile(r"(?:[^\W\d_][.\-_]){2,}[^\W\d_][.]?")
_MIN_SPELLED = 3
_RUN_OF_SINGLES = b"\x01" * _MIN_SPELLED
_RUN_THEN_MARK = b"\x01" * (_MIN_SPELLED - 1) + b"\x02"  # "б л я," : the mark ends the run
_RUN_END = ",.!?;:…"

# Hits per whitespace-separated chunk of text: ((rule id, word), ...), usually (). The text
# is split by str.split (C speed) and a chunk is cut into tokens by _TOKEN only the first
# time it is seen: splitting on whitespace first and then by _TOKEN gives exactly the tokens
# _TOKEN.findall gives on the whole text, and a message repeats most chunks of earlier ones.
_chunk_hits: dict[str, tuple[tuple[str, str], ...]] = {}
# The chunks of _chunk_hits without hits: almost every message is made of such chunks only,
# and one C-level superset test then stands for the loop over its chunks (a verdict depends
# on the chunk alone, so a chunk once found clean stays clean).
_clean_chunks: set[str] = set()
_VERDICTS_LIMIT = 100_000


# The number pi read aloud for «пи» ("3,14здец", "3.14дорасы"): only where letters follow it.
_PI = re.compile(r"3[,.]14(?=[а-яёa-z*])", re.IGNORECASE)


def _judge_chunk(chunk: str) -> tuple[tuple[str, str], ...]:
    out = []
    if "14" in chunk and "3" in chunk:
        chunk = _PI.sub("пи", chunk)
    for token in _TOKEN.findall(chunk):
        rid = judge_token(token)
        if rid is not None:
            out.append((rid, token.strip(_EDGE_PUNCT)))
    return tuple(out)


def _spelled_apart(chunks: list[str]) -> list[tuple[str, str]]:
    """Runs of single letters ("х у й н я", "П И З Д Е Ц"), judged as the word they spell.
    Rare, so only looked for when a message has that many one-character chunks."""
    out = []
    run: list[str] = []
    for chunk in [*chunks, ""]:
        if len(chunk) == 1 and chunk.isalpha():
            run.append(chunk)
            continue
        if len(chunk) == 2 and chunk[0].isalpha() and chunk[1] in _RUN_END:
            run.append(chunk[0])  # the last letter, with the punctuation after it
            chunk = ""
        if len(run) >= _MIN_SPELLED:
            rid = judge_token("".join(run))
            if rid is not None:
                out.append((rid, " ".join(run)))
        run = []
    return out


def _two_singles(chunks: list[str]) -> bool:
    r"""Two one-character chunks in a row, which both runs above need. A typed loop: a few
    instructions a chunk when compiled, where a regex over the text (``\s\S\s+\S(?!\S)``,
    the same test) cost ~150 a character of Cyrillic text."""
    prev = False
    for chunk in chunks:
        single = len(chunk) == 1
        if single and prev:
            return True
        prev = single
    return False


# The first word of each phrase hint: a hint occurs in a text only if that word lies inside
# one of its whitespace-separated chunks (lower-cased), so a message whose chunks are all
# known to hold none needs no search for the hints in its whole text.
_HINT_HEADS = tuple(sorted({hint.split()[0] for hint in _PHRASE_HINTS}))
_hintless_chunks: set[str] = set()


def _no_phrase_hint(chunks: list[str]) -> bool:
    """True when no phrase hint can occur in the text that ``chunks`` were split from."""
    if _hintless_chunks.issuperset(chunks):
        return True
    for chunk in chunks:
        if chunk not in _hintless_chunks:
            if _any_in(_HINT_HEADS, chunk.lower()):
                return False
            if len(_hintless_chunks) >= _VERDICTS_LIMIT:
                _hintless_chunks.clear()
            _hintless_chunks.add(chunk)
    return True


def _any_in(texts: tuple[str, ...], text: str) -> bool:
    for t in texts:  # noqa: SIM110  - a plain loop: any() over a generator costs more
        if t in text:
            return True
    return False


@lru_cache(maxsize=1)
def _rules_by_id() -> dict[str, AbuseRule]:
    return {r.id: r for r in rules()}


def load() -> None:
    """Compile the rules and the lexicon now rather than on the first message."""
    _rules_by_id()
    _word_gate()
    _neutral()


@lru_cache(maxsize=1)
def _neutral() -> re.Pattern[str] | None:
    """The `neutral` phrases of rules/abuse.yaml: insult words said of oneself or in an idiom
    ("я идиот", "как для дебилов", "тупые вопросы"), over folded lower-case text. Each
    rewritten by rxprefix to open with a class of its first characters (the same matches,
    in half the instructions)."""
    try:
        return _alternation(first_char_rewrite(_rule_file().get("neutral", []), 0))
    except (AttributeError, TypeError, re.error) as exc:
        raise ConfigurationError(f"cannot load abuse rules {RULES_FILE}: {exc}") from exc


# A capitalised word with a surname's ending beside a first name or an initial ("Андрей
# Козлов" under a letter, "Козлов А."): a name, whatever insult its stem makes in lower case
# ("толпа козлов"); alone ("Козлина, где ответ?") it is still read as a word.
_SURNAME = re.compile(
    r"\b[А-ЯЁ][а-яё]+\s+([А-ЯЁ][а-яё]+(?:ов|ова|ев|ева|ин|ина))\b"
    r"|\b([А-ЯЁ][а-яё]+(?:ов|ова|ев|ева|ин|ина))\s+[А-ЯЁ](?:[а-яё]+\b|\.)"
)


def find_abuse(
    text: str, mixed: bool | None = None, chunks: list[str] | None = None
) -> list[AbuseHit]:
    """Every abusive word or phrase in ``text``, in order, at most one hit per rule.
    ``mixed=False`` says no word of ``text`` mixes Latin and Cyrillic letters: then case
    cannot change a verdict (only look-alike folding depends on it), and the words are read
    lower-cased, so "Идиоты" and "идиоты" share one cached verdict. ``chunks``: then
    ``text.lower().split()``, when the caller has it (only read).

    An insult word inside a neutral phrase or a surname ("Андрей Козлов") insults no one:
    when an insult is found, the text is judged again with those blanked out (rare, so the
    common path pays nothing)."""
    hits = _find_abuse(text, mixed, chunks if mixed is False else None)
    if hits and any(h.rule.kind == "insult" for h in hits):
        neutral = _neutral()
        spans = [m.span(1) if m.group(1) else m.span(2) for m in _SURNAME.finditer(text)]
        if neutral is not None:
            low = fold_lookalikes(text, mixed).lower().replace("ё", "е")
            if len(low) == len(text):
                spans.extend(m.span() for m in neutral.finditer(low))
        if spans:
            chars = list(text)
            for a, b in spans:
                chars[a:b] = " " * (b - a)
            return _find_abuse("".join(chars), mixed)
    return hits


def _find_abuse(text: str, mixed: bool | None, chunks: list[str] | None = None) -> list[AbuseHit]:
    _, phrase_rules, _ = _load()
    by_id = _rules_by_id()
    hits: dict[str, AbuseHit] = {}
    get = _chunk_hits.get
    low: str | None = None
    if chunks is None:
        low = lowered(text) if mixed is False else None
        chunks = split_chunks(low if low is not None else text)  # shared: only read
    if not _clean_chunks.issuperset(chunks):
        for chunk in dict.fromkeys(chunks):
            found = get(chunk)
            if found is None:
                if len(_chunk_hits) >= _VERDICTS_LIMIT:
                    _chunk_hits.clear()
                    _clean_chunks.clear()
                found = _chunk_hits[chunk] = _judge_chunk(chunk)
                if not found:
                    _clean_chunks.add(chunk)
            for rid, word in found:
                if rid not in hits:
                    hits[rid] = AbuseHit(by_id[rid], word)
    if _two_singles(chunks):
        # Three one-character chunks in a row, found without a Python loop: chunk lengths
        # capped at 2 become bytes, and b"\x01\x01\x01" is looked for in them.
        lengths = bytes(map(min, map(len, chunks), repeat(2)))
        if _RUN_OF_SINGLES in lengths or _RUN_THEN_MARK in lengths:
            for rid, word in _spelled_apart(chunks):
                if rid not in hits:
                    hits[rid] = AbuseHit(by_id[rid], word)
    if not phrase_rules or _no_phrase_hint(chunks):
        return list(hits.values())
    if low is None:
        low = lowered(text)
    for hint in _PHRASE_HINTS:
        if hint in low:
            break
    else:
        return list(hits.values())
    folded = fold_lookalikes(text, mixed).lower().replace("ё", "е")
    for rule in phrase_rules:
        assert rule.phrase is not None
        if rule.starts is not None and not _any_in(rule.starts, folded):
            continue  # the regex cannot match without one of its opening texts
        pm = rule.phrase.search(folded)
        if pm and rule.id not in hits:
            hits[rule.id] = AbuseHit(rule, pm.group(0))
    return list(hits.values())


def rules() -> tuple[AbuseRule, ...]:
    word_rules, phrase_rules, _ = _load()
    return word_rules + phrase_rules

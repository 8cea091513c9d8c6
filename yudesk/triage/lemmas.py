"""Word analysis: lemma and imperative mood, cached per folded word.

pymorphy3 is the default backend: it maps inflected forms to dictionary lemmas ("настройте",
"настроили" -> "настроить"; "нам", "нас" -> "мы") and knows the imperative mood, which tells a
request to *do* something ("настройте нам") from a question about how to do it. Snowball is
the fallback when pymorphy3 is not installed; rule atoms ending in "*" are prefixes, so most
rules work with either backend (bench/triage_eval.py --lemmatiser snowball measures the gap).

Both backends are pure lookups over a closed vocabulary, so an LRU cache per word makes the
steady-state cost a dict hit: support mail reuses a few thousand words over and over.

pymorphy3 reads its dictionaries through DAWG2's C reader (the `fast` extra, ~30 µs a word;
without it pymorphy3 falls back to a pure-Python reader, ~140 µs, with the same analyses), so
a fresh process pays for every word it meets the first time. model/lemmas.pymorphy3.json is
that cache written ahead: the analyses of the training corpus's words, made by
``python -m yudesk.triage.train`` with the same backend. It is used only when the installed
pymorphy3 and dictionary versions are the ones that wrote it (otherwise it is ignored and
every word is analysed live), and the analyser itself loads on the first word not in it.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from yudesk.triage.ruledata import MODEL_DIR

_CYRILLIC = re.compile(r"[а-я]")
# Ukrainian, Belarusian and Kazakh letters read as the Russian letters they sound like:
# "нікому" is analysed as "никому" (lemma "никто"), "всіх" as "всих", "ў офісе" as "у офисе",
# "қате" as "кате". Their lemmas then meet the rules' Russian words where the languages share
# a root, and the rules can name the other words in plain Russian letters ("працю*",
# "жодн*"). Applied once per distinct word.
_OTHER_CYRILLIC = re.compile(r"[іїєґўәғқңөұүһ]")
_TO_RUSSIAN = str.maketrans("іїєґўәғқңөұүһ", "ииегуагкноуух")


# The Ukrainian imperative plural ("зробіть", "допоможіть"), not a noun in "-ість"
# ("можливість", "вартість").
_UKRAINIAN_IMPERATIVE = re.compile(r"(?<!с)іть$")


def russian_letters(word: str) -> str:
    """``word`` with Ukrainian and Kazakh letters replaced by Russian ones."""
    if _OTHER_CYRILLIC.search(word) is None:
        return word
    return word.translate(_TO_RUSSIAN)


@dataclass(frozen=True, slots=True)
class WordInfo:
    lemma: str
    imperative: bool  # some analysis of the word is an imperative verb ("настройте", "почините")


class _Backend:
    name = "none"

    def analyse(self, word: str) -> WordInfo:
        return WordInfo(word, False)


LEMMA_TABLE = MODEL_DIR / "lemmas.pymorphy3.json"


def pymorphy_versions() -> dict[str, str]:
    """The versions a lemma table must have been written with to be trusted."""
    import pymorphy3
    import pymorphy3_dicts_ru

    return {
        "pymorphy3": str(pymorphy3.__version__),
        "pymorphy3_dicts_ru": str(getattr(pymorphy3_dicts_ru, "__version__", "")),
    }


def _load_table(path: Path) -> dict[str, WordInfo]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict) or raw.get("versions") != pymorphy_versions():
        return {}  # written by another pymorphy3 or dictionary: analyses may differ
    return {w: WordInfo(lemma, bool(impr)) for w, (lemma, impr) in raw.get("words", {}).items()}


class _Pymorphy(_Backend):
    name = "pymorphy3"

    def __init__(self, table: Path | None = LEMMA_TABLE) -> None:
        import pymorphy3  # noqa: F401  - fail here (ImportError -> snowball) if it is missing

        self._morph: Any = None
        self._lock = threading.Lock()
        self._table = _load_table(table) if table is not None else {}

    def _analyser(self) -> Any:
        if self._morph is None:
            with self._lock:
                if self._morph is None:
                    import pymorphy3  # ~0.1 s to load the dictionaries: only when first needed

                    self._morph = pymorphy3.MorphAnalyzer()
        return self._morph

    def analyse(self, word: str) -> WordInfo:
        known = self._table.get(word)
        if known is not None:
            return known
        return self.analyse_live(word)

    def analyse_live(self, word: str) -> WordInfo:
        parses = self._analyser().parse(word)
        if not parses:
            return WordInfo(word, False)
        lemma = parses[0].normal_form.replace("ё", "е")
        # "посмотрите" is both 2nd person future and imperative with equal scores: treat any
        # imperative reading as imperative, the rules decide what it means in context.
        imperative = any("impr" in p.tag for p in parses[:3])
        return WordInfo(lemma, imperative)


class _Snowball(_Backend):
    name = "snowball"

    def __init__(self) -> None:
        import snowballstemmer

        self._stem: Any = snowballstemmer.stemmer("russian")

    def analyse(self, word: str) -> WordInfo:
        # Without morphology the imperative is guessed from the ending: "-ите/-йте/-ьте".
        imperative = len(word) > 4 and word.endswith(("ите", "йте", "ьте"))
        return WordInfo(self._stem.stemWord(word), imperative)


def _make_backend(name: str | None = None, table: bool = True) -> _Backend:
    wanted = name or os.environ.get("YUDESK_TRIAGE_LEMMATISER", "pymorphy3")
    if wanted == "pymorphy3":
        try:
            return _Pymorphy(LEMMA_TABLE if table else None)
        except ImportError:
            wanted = "snowball"
    if wanted == "snowball":
        return _Snowball()
    return _Backend()


class Lemmatiser:
    """Per-word analysis with an LRU cache; words without Cyrillic letters are their own lemma."""

    def __init__(
        self, backend: str | None = None, cache_size: int = 200_000, table: bool = True
    ) -> None:
        self._backend = _make_backend(backend, table)
        self.name = self._backend.name
        self.analyse = lru_cache(maxsize=cache_size)(self._analyse)

    def _analyse(self, word: str) -> WordInfo:
        read = russian_letters(word)
        if not _CYRILLIC.search(read):
            return WordInfo(read, False)
        info = self._backend.analyse(read)
        if read is not word and not info.imperative and _UKRAINIAN_IMPERATIVE.search(word):
            # "зробіть", "підкажіть" read as "зробить": a Russian infinitive to the backend.
            info = WordInfo(info.lemma, True)
        return info

    def lemma(self, word: str) -> str:
        return self.analyse(word).lemma

    def load(self) -> None:
        """Load the backend's dictionaries now rather than on the first unknown word."""
        if isinstance(self._backend, _Pymorphy):
            self._backend._analyser()


def write_lemma_table(words: Iterable[str], path: Path = LEMMA_TABLE) -> int:
    """Write the pymorphy3 analyses of ``words`` (folded words of a training corpus) as a
    lemma table; returns how many were written. Analyses are made live, never read back
    from an older table."""
    backend = _Pymorphy(table=None)
    entries = {}
    for word in sorted({russian_letters(w) for w in words}):
        if _CYRILLIC.search(word):
            info = backend.analyse_live(word)
            entries[word] = [info.lemma, int(info.imperative)]
    payload = {"versions": pymorphy_versions(), "words": entries}
    path.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n")
    return len(entries)

"""Word analysis: lemma and imperative mood, cached per folded word.

pymorphy3 is the default backend: it maps inflected forms to dictionary lemmas ("настройте",
"настроили" -> "настроить"; "нам", "нас" -> "мы") and knows the imperative mood, which tells a
request to *do* something ("настройте нам") from a question about how to do it. Snowball is
the fallback when pymorphy3 is not installed; rule atoms ending in "*" are prefixes, so most
rules work with either backend (bench/triage_eval.py --lemmatiser snowball measures the gap).

Both backends are pure lookups over a closed vocabulary, so an LRU cache per word makes the
steady-state cost a dict hit: support mail reuses a few thousand words over and over.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_CYRILLIC = re.compile(r"[а-я]")


@dataclass(frozen=True, slots=True)
class WordInfo:
    lemma: str
    imperative: bool  # some analysis of the word is an imperative verb ("настройте", "почините")


class _Backend:
    name = "none"

    def analyse(self, word: str) -> WordInfo:
        return WordInfo(word, False)


class _Pymorphy(_Backend):
    name = "pymorphy3"

    def __init__(self) -> None:
        import pymorphy3  # ~0.1 s to load the dictionaries: only when first needed

        self._morph: Any = pymorphy3.MorphAnalyzer()

    def analyse(self, word: str) -> WordInfo:
        parses = self._morph.parse(word)
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


def _make_backend(name: str | None = None) -> _Backend:
    wanted = name or os.environ.get("YUDESK_TRIAGE_LEMMATISER", "pymorphy3")
    if wanted == "pymorphy3":
        try:
            return _Pymorphy()
        except ImportError:
            wanted = "snowball"
    if wanted == "snowball":
        return _Snowball()
    return _Backend()


class Lemmatiser:
    """Per-word analysis with an LRU cache; words without Cyrillic letters are their own lemma."""

    def __init__(self, backend: str | None = None, cache_size: int = 200_000) -> None:
        self._backend = _make_backend(backend)
        self.name = self._backend.name
        self.analyse = lru_cache(maxsize=cache_size)(self._analyse)
        # Per-word results of later steps (model features), kept with the backend that
        # produced the lemmas so that two backends in one process never mix.
        self.feature_cache: dict[str, Any] = {}

    def _analyse(self, word: str) -> WordInfo:
        if not _CYRILLIC.search(word):
            return WordInfo(word, False)
        return self._backend.analyse(word)

    def lemma(self, word: str) -> str:
        return self.analyse(word).lemma

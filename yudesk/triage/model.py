"""A small learned linear model over lemmas and fired rules, blended with the rule scores.

Why: hand-written rules encode the SLA's meaning and stay explainable, but informal mail has
more ways to say "do it for us" than any rule list; a linear model over lemma unigrams and
bigrams plus the ids of the rules that fired learns how much to trust each rule in context
and picks up wording the rules miss. It stays transparent: a class score is a sum of
per-feature weights, and the evidence names the features that contributed most.

The weights are a JSON file per lemmatiser (model/scope_model.<backend>.json) written by
``python -m yudesk.triage.train``; scoring is a dict lookup per feature, pure Python, no numpy.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from yudesk.triage.lemmas import Lemmatiser
from yudesk.triage.matcher import Hit
from yudesk.triage.normalize import Token

MODEL_DIR = Path(__file__).with_name("model")


def model_file(lemmatiser: str) -> Path:
    """One model per lemmatiser backend: features are lemmas, so they must match."""
    return MODEL_DIR / f"scope_model.{lemmatiser}.json"


FEATURE_VERSION = 1


def _word_features(word: str, lemmatiser: Lemmatiser) -> tuple[str, str, str]:
    """(lemma, "w:lemma", "i:lemma" or ""): the per-word part of extract(), computed once
    per word and lemmatiser (the cache lives on the lemmatiser, so backends never mix)."""
    info = lemmatiser.analyse(word)
    lemma = info.lemma
    if lemma.isdigit():
        lemma = "<num>"  # "502" vs "503" matter less than "a number was quoted"
    entry = (lemma, f"w:{lemma}", f"i:{lemma}" if info.imperative else "")
    cache = lemmatiser.feature_cache
    if len(cache) >= 200_000:
        cache.clear()
    cache[word] = entry
    return entry


def extract(tokens: Sequence[Token], lemmatiser: Lemmatiser, hits: Sequence[Hit]) -> dict[str, str]:
    """Binary features of a message -> the words that produced each (for evidence)."""
    feats: dict[str, str] = {}
    prev = ""
    prev_text = ""
    prev_sentence = -1
    imperative = False
    get = lemmatiser.feature_cache.get
    for text, _, _, sentence in tokens:  # plain unpacking: this loop runs for every word
        entry = get(text)
        if entry is None:
            entry = _word_features(text, lemmatiser)
        lemma, word_feat, impr_feat = entry
        if word_feat not in feats:
            feats[word_feat] = text
        if impr_feat:
            imperative = True
            if impr_feat not in feats:
                feats[impr_feat] = text
        if sentence == prev_sentence:
            bigram = "b:" + prev + "_" + lemma
            if bigram not in feats:
                feats[bigram] = prev_text + " " + text
        prev, prev_text, prev_sentence = lemma, text, sentence
    for hit in hits:
        feats.setdefault(f"r:{hit.rule.id}", hit.span)
    if imperative:
        feats["x:imperative"] = ""
    if not tokens:
        feats["x:empty"] = ""
    return feats


@dataclass(frozen=True)
class LinearModel:
    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: Mapping[str, tuple[float, ...]]
    blend: float  # how much one unit of model logit counts against one unit of rule weight
    lemmatiser: str

    def scores(self, feats: Mapping[str, str]) -> dict[str, float]:
        get = self.weights.get
        rows = [w for w in map(get, feats) if w is not None]
        rows.append(self.bias)
        # Column sums in C (zip transposes): a message has ~100 features x 12 classes.
        return dict(zip(self.classes, map(sum, zip(*rows, strict=True)), strict=True))

    def explain(
        self, tokens: Sequence[Token], lemmatiser: Lemmatiser, hits: Sequence[Hit], top: int = 3
    ) -> tuple[dict[str, float], list[str]]:
        feats = extract(tokens, lemmatiser, hits)
        scores = self.scores(feats)
        best = max(scores, key=lambda c: scores[c])
        idx = self.classes.index(best)
        weights = self.weights
        contrib = heapq.nlargest(top, [(weights[n][idx], n) for n in feats if n in weights])
        parts = []
        for weight, name in contrib:
            if weight <= 0:
                break
            span = feats[name] or name
            parts.append(f'{name}="{span}"({weight:+.2f})')
        lines = [f"model:{best} logit={scores[best]:.2f} " + " ".join(parts)] if parts else []
        return scores, lines


def load_model(path: Path) -> LinearModel | None:
    """The shipped model, or None when there is none (the rules alone then decide)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return None
    if raw.get("feature_version") != FEATURE_VERSION:
        return None
    classes = tuple(raw["classes"])
    scale = float(raw.get("scale", 1.0))
    weights = {name: tuple(v * scale for v in vec) for name, vec in raw["weights"].items()}
    return LinearModel(
        classes=classes,
        bias=tuple(raw["bias"]),
        weights=weights,
        blend=float(raw.get("blend", 1.0)),
        lemmatiser=str(raw.get("lemmatiser", "")),
    )

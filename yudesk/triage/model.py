"""A small learned linear model over lemmas and fired rules, blended with the rule scores.

Why: hand-written rules encode the SLA's meaning and stay explainable, but informal mail has
more ways to say "do it for us" than any rule list; a linear model over lemma unigrams and
bigrams plus the ids of the rules that fired learns how much to trust each rule in context
and picks up wording the rules miss. It stays transparent: a class score is a sum of
per-feature weights, and the evidence names the features that contributed most.

The weights are a JSON file per lemmatiser (model/scope_model.<backend>.json) written by
``python -m yudesk.triage.train``; pure Python, no numpy.

Features have names ("w:lemma", "i:lemma", "b:lemma_lemma", "r:rule.id", "x:imperative",
"x:empty"), which is what training sees (``feature_names``). Classifying never builds those
strings: at load every feature gets a row number, each word is resolved once per process to
the rows of its unigrams and to ids of its lemma as the left or right half of a known bigram
(reading.Reader), so a bigram costs an integer lookup and one absent from the model costs
nothing. tests/unit/test_triage_model.py checks that both ways give the same features.

Heads: besides the scope classes, a model file may carry binary heads (``critical``: is this
an outage to restore, S-PRI-1) with their own weights, bias and decision threshold, over the
same feature rows. A head's weights are stored sparse and kept as one flat column; a feature
only a head knows (lemma bigrams, the critical rules' ids) shares one row of zeros for the
scope classes, so the heads cost the scope model nothing and the file and memory little.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from yudesk.triage.lemmas import WordInfo
from yudesk.triage.matcher import Hit
from yudesk.triage.normalize import SENTENCE_END
from yudesk.triage.ruledata import MODEL_DIR


def model_file(lemmatiser: str) -> Path:
    """One model per lemmatiser backend: features are lemmas, so they must match."""
    return MODEL_DIR / f"scope_model.{lemmatiser}.json"


FEATURE_VERSION = 1
IMPERATIVE = "x:imperative"
EMPTY = "x:empty"


def word_features(info: WordInfo) -> tuple[str, str | None, str]:
    """The per-word part of a message's features: ("w:lemma", "i:lemma" or None, the lemma
    that bigrams "b:prev_lemma" are made of)."""
    lemma = info.lemma
    if lemma.isdigit():
        lemma = "<num>"  # "502" vs "503" matter less than "a number was quoted"
    return f"w:{lemma}", (f"i:{lemma}" if info.imperative else None), lemma


def feature_names(
    words: Sequence[str], sents: Sequence[int], analyse: Callable[[str], WordInfo]
) -> set[str]:
    """Word features of a message by name (training, and the parity test): lemmas,
    imperative verbs, lemma bigrams within a sentence, x:imperative, x:empty. Sentence marks
    among the tokens (reading.Doc keeps them) are not words."""
    feats: set[str] = set()
    prev, prev_sentence = "", -1
    imperative = False
    seen = 0
    for word, sentence in zip(words, sents, strict=True):
        if word in SENTENCE_END:
            prev_sentence = -1
            continue
        seen += 1
        wfeat, ifeat, lemma = word_features(analyse(word))
        feats.add(wfeat)
        if ifeat is not None:
            feats.add(ifeat)
            imperative = True
        if sentence == prev_sentence:
            feats.add(f"b:{prev}_{lemma}")
        prev, prev_sentence = lemma, sentence
    if imperative:
        feats.add(IMPERATIVE)
    if not seen:
        feats.add(EMPTY)
    return feats


def features(word_feats: Iterable[str], hits: Sequence[Hit]) -> set[str]:
    """All features of a message by name: its words' and "r:rule.id" per rule that fired."""
    out = set(word_feats)
    out.update(["r:" + hit.rule.id for hit in hits])
    return out


# A word as the model sees it: (unigram row, imperative row, imperative, left id, right
# id): rows of its unigram features (-1: not in the model) and ids of its lemma as the left
# / right half of some bigram of the model (-1: of none). A plain tuple: compiled, a frozen
# dataclass is built by a Python-level __init__ (~3,000 instructions, once per new word).
WordIds = tuple[int, int, bool, int, int]


@dataclass(frozen=True)
class LinearModel:
    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: Mapping[str, tuple[float, ...]]
    blend: float  # how much one unit of model logit counts against one unit of rule weight
    lemmatiser: str
    # Binary heads: name -> (bias, threshold on the logit, the distance from 0 at which the
    # head is sure enough to overrule the rules; see pipeline._critical_head), and name ->
    # {feature: weight}.
    heads: Mapping[str, tuple[float, float, float]] = field(default_factory=dict)
    head_weights: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    names: tuple[str, ...] = field(init=False, repr=False)
    rows: tuple[tuple[float, ...], ...] = field(init=False, repr=False)
    # The same weights by class: columns[c][row] (explain sums a class in a typed loop).
    columns: tuple[tuple[float, ...], ...] = field(init=False, repr=False)
    row_of: dict[str, int] = field(init=False, repr=False)
    _left: dict[str, int] = field(init=False, repr=False)
    _right: dict[str, int] = field(init=False, repr=False)
    pairs: dict[int, int] = field(init=False, repr=False)  # left * PAIR_BASE + right -> row
    # Rows of features only a head knows: no evidence for a scope.
    head_only: frozenset[int] = field(init=False, repr=False)
    # A head's weight per row (0.0 where it has none).
    head_columns: dict[str, tuple[float, ...]] = field(init=False, repr=False)

    PAIR_BASE = 1 << 20

    def __post_init__(self) -> None:
        names = tuple(sorted({*self.weights, *(f for w in self.head_weights.values() for f in w)}))
        row_of = {n: i for i, n in enumerate(names)}
        left: dict[str, int] = {}
        right: dict[str, int] = {}
        pairs: dict[int, int] = {}
        for name, row in row_of.items():
            if not name.startswith("b:"):
                continue
            body = name[2:]
            # A lemma may itself hold "_" ("test_field"): every split is a way to read it.
            for k, ch in enumerate(body):
                if ch != "_" or k == 0 or k == len(body) - 1:
                    continue
                lid = left.setdefault(body[:k], len(left))
                rid = right.setdefault(body[k + 1 :], len(right))
                pairs[lid * self.PAIR_BASE + rid] = row
        set_ = object.__setattr__  # a frozen dataclass: derived tables are set once, here
        set_(self, "names", names)
        zero = (0.0,) * len(self.classes)  # one shared row for every head-only feature
        set_(self, "rows", tuple(self.weights.get(n, zero) for n in names))
        set_(self, "columns", tuple(zip(*self.rows, strict=True)) or ((),) * len(self.classes))
        set_(self, "row_of", row_of)
        set_(self, "_left", left)
        set_(self, "_right", right)
        set_(self, "pairs", pairs)
        set_(self, "head_only", frozenset(r for r, n in enumerate(names) if n not in self.weights))
        set_(
            self,
            "head_columns",
            {h: tuple(w.get(n, 0.0) for n in names) for h, w in self.head_weights.items()},
        )

    def word_ids(self, info: WordInfo) -> WordIds:
        wfeat, ifeat, lemma = word_features(info)
        get = self.row_of.get
        return (
            get(wfeat, -1),
            get(ifeat, -1) if ifeat is not None else -1,
            ifeat is not None,
            self._left.get(lemma, -1),
            self._right.get(lemma, -1),
        )

    def rule_row(self, rule_id: str) -> int:
        """Row of feature "r:<rule id>", or -1."""
        return self.row_of.get("r:" + rule_id, -1)

    def scores(self, feats: Iterable[str]) -> dict[str, float]:
        """Class scores of features given by name (training and tests)."""
        get = self.row_of.get
        return self.row_scores({r for f in feats if (r := get(f)) is not None})

    def row_scores(self, rows: Iterable[int]) -> dict[str, float]:
        table = self.rows
        vecs = [table[r] for r in rows]
        vecs.append(self.bias)
        # Column sums in C (zip transposes): a message has a few dozen rows x 12 classes.
        return dict(zip(self.classes, map(sum, zip(*vecs, strict=True)), strict=True))

    def head_logit(self, rows: list[int], name: str) -> float:
        """A head's logit for a message's rows (a typed loop: native doubles when compiled).
        Rounded: the stored weights have at most four decimals, so the exact sum has too,
        and a float summation order (rows in another order, the compiled build) must not move
        a logit that sits on a threshold."""
        column = self.head_columns[name]
        total = 0.0  # summed in order from 0, as sum() did: the same float, bit for bit
        for r in rows:
            total += column[r]
        return round(self.heads[name][0] + total, 6)

    def head_against(self, rows: list[int], name: str) -> float:
        """The sum of a head's negative feature weights over a message's rows: how much of
        its "no" comes from what it read, apart from its bias."""
        column = self.head_columns[name]
        total = 0.0
        for r in rows:
            w = column[r]
            if w < 0.0:
                total += w
        return total

    def head_contributions(
        self, rows: list[int], name: str, toward: bool, top: int = 3
    ) -> list[tuple[float, int]]:
        """(weight, row) of up to ``top`` features that pushed a head's logit most toward
        ``toward`` (yes: the largest weights; no: the most negative), for evidence."""
        column = self.head_columns[name]
        sign = 1.0 if toward else -1.0
        ranked = _top_positive(column, rows, top, sign)
        return [(sign * w, r) for w, r in ranked]

    def describe(self, contrib: list[tuple[float, int]], texts: dict[int, str]) -> str:
        """'name="words"(+0.42) …' for features and their weights (evidence lines)."""
        names = self.names
        return " ".join(
            f'{names[r]}="{texts.get(r) or names[r]}"({_signed(w)})' for w, r in contrib
        )

    def explain(
        self,
        rows: Iterable[int],
        texts_of: Callable[[list[int]], dict[int, str]],
        top: int = 3,
    ) -> tuple[dict[str, float], list[str]]:
        """Class scores and one evidence line naming the features that pushed the winner
        most; ``texts_of(rows)`` gives the words behind those features (only those)."""
        present = list(rows)
        columns = self.columns
        bias = self.bias
        classes = self.classes
        scores: dict[str, float] = {}
        idx = 0
        best = 0.0  # the winner's score, a native double when compiled (no list of sums)
        for c in range(len(columns)):
            # A class's rows in order from 0, then its bias: the float sum() of the zipped
            # rows gave, bit for bit; a typed loop sums in native doubles when compiled.
            column = columns[c]
            total = 0.0
            for r in present:
                total += column[r]
            total += bias[c]
            scores[classes[c]] = total
            if c == 0 or total > best:
                idx, best = c, total  # the first of equal scores, in class order (as max())
        # Ties go to the later feature name (rows are numbered in name order).
        contrib = _top_positive(columns[idx], present, top, 1.0)
        if not contrib:
            return scores, []
        texts = texts_of([r for _, r in contrib])
        return scores, [f"model:{classes[idx]} logit={best:.2f} " + self.describe(contrib, texts)]


def _top_positive(
    column: tuple[float, ...], rows: list[int], top: int, sign: float
) -> list[tuple[float, int]]:
    """The ``top`` largest of the pairs (sign * column[r], r) for r in ``rows`` with a
    positive weight, largest first: ``[p for p in sorted(pairs, reverse=True)[:top] if
    p[0] > 0]`` without building and sorting every pair (a message has ~60 rows, of which ~3
    are kept). The same order: a weight, then the row, both descending."""
    best: list[tuple[float, int]] = []
    floor = 0.0  # once ``top`` are kept, the last one's weight: a lighter one cannot enter
    for r in rows:
        w = sign * column[r]
        if w <= 0.0 or w < floor:
            continue
        j = len(best)
        while j > 0:
            bw, br = best[j - 1]
            if w > bw or (w == bw and r > br):
                j -= 1
            else:
                break
        if j < top:
            best.insert(j, (w, r))
            if len(best) > top:
                best.pop()
            if len(best) == top:
                floor = best[-1][0]
    return best


# Formatted weights of evidence lines: a weight is one of the model's stored values, so the
# few thousand that ever show are formatted once (float formatting is the costly part).
_SIGNED: dict[float, str] = {}


def _signed(w: float) -> str:
    if w == 0.0:
        return f"{w:+.2f}"  # 0.0 and -0.0 are one key but print apart ("+0.00", "-0.00")
    found = _SIGNED.get(w)
    if found is None:
        if len(_SIGNED) >= 100_000:
            _SIGNED.clear()
        found = _SIGNED[w] = f"{w:+.2f}"
    return found


def load_model(path: Path) -> LinearModel | None:
    """The shipped model, or None when there is none (the rules alone then decide)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return None
    return model_from_payload(raw)


def model_from_payload(raw: Mapping) -> LinearModel | None:
    """A model from a model file's parsed content (train.train_payload writes it)."""
    if raw.get("feature_version") != FEATURE_VERSION:
        return None
    classes = tuple(raw["classes"])
    scale = float(raw.get("scale", 1.0))
    weights = {name: tuple(v * scale for v in vec) for name, vec in raw["weights"].items()}
    if any(len(vec) != len(classes) for vec in weights.values()):
        return None  # a file whose rows do not match its classes is not used
    raw_heads = raw.get("heads", {})
    heads = {
        str(name): (float(h["bias"]), float(h["threshold"]), float(h.get("sure", 0.0)))
        for name, h in raw_heads.items()
    }
    head_weights = {
        str(name): {f: float(w) for f, w in h.get("weights", {}).items()}
        for name, h in raw_heads.items()
    }
    return LinearModel(
        classes=classes,
        bias=tuple(raw["bias"]),
        weights=weights,
        blend=float(raw.get("blend", 1.0)),
        lemmatiser=str(raw.get("lemmatiser", "")),
        heads=heads,
        head_weights=head_weights,
    )

"""Scope decision (S-SCOPE-1): a transparent sum per class.

    score(class) = model logit(class) + sum of the weights of the rules that fired / blend

The rules (rules/scope.yaml) vote with their YAML weights; the learned linear model
(model.py) adds, per class, the sum of the weights of the message's features - lemmas,
lemma pairs, imperative verbs and the very rules that fired, so it has learnt how far to
trust each rule in context. Without a model file the rule sums alone decide. The class with
the highest score wins; the evidence names the rules that voted for it with the words that
fired them, the model's top features, and the runner-up with its score, so an agent
overriding the class sees what triage saw. When no rule fires the model alone decides, even
with a small margin: held out by writer, its first choice was right on 10 of the 14 such
messages of low margin, the old fixed default (a question is configuration, a statement a
malfunction) on 1. Only with no model, or none of its words known, does that default apply.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from yudesk.triage.matcher import Hit
from yudesk.triage.result import SCOPES


# Not frozen: compiled, a frozen dataclass is built by its Python-level __init__ (~6,000
# instructions a message); a plain one is a native class. Nothing changes a decision.
@dataclass(slots=True)
class ScopeDecision:
    scope: str
    scores: Mapping[str, float]
    hits: tuple[Hit, ...]  # rules that voted for the chosen class
    default_reason: str | None = None

    # Written out: mypyc compiles the methods of the source, while those dataclass makes
    # run interpreted (~1,600 instructions a message for this one).
    def __init__(
        self,
        scope: str,
        scores: Mapping[str, float],
        hits: tuple[Hit, ...],
        default_reason: str | None = None,
    ) -> None:
        self.scope = scope
        self.scores = scores
        self.hits = hits
        self.default_reason = default_reason


# Every class at 0.0, copied per message: a copy is sized at once, where a dict built class
# by class (or by dict.fromkeys, a generic call when compiled) grows as they go in.
_ZERO_SCORES: dict[str, float] = {cls: 0.0 for cls in SCOPES}


def rule_scores(hits: Sequence[Hit]) -> dict[str, float]:
    scores = _ZERO_SCORES.copy()
    for hit in hits:
        for cls, weight in hit.rule.scores.items():
            scores[cls] = scores.get(cls, 0.0) + weight
    return scores


def default_scope(folded: str, scores: Mapping[str, float]) -> tuple[str, str]:
    """When no rule gives any class a positive score: a question is most often about how
    to set something up; a statement to support most often reports a failure."""
    if "?" in folded or folded.lstrip().startswith(("как ", "где ", "почему ", "how ", "what ")):
        return "configuration", "default: a question with no rule firing"
    return "malfunction", "default: a statement with no rule firing"


def decide(
    hits: Sequence[Hit],
    folded: str,
    model_scores: dict[str, float] | None = None,
    model_weight: float = 1.0,
) -> ScopeDecision:
    """``model_scores``: the model's logits, or None when there is no model or it knows
    none of the message's features (its bias alone says nothing of this message)."""
    scores = rule_scores(hits)
    if not hits and not model_scores:
        # Nothing to go on: no rule fired and the model knows none of the words.
        scope, reason = default_scope(folded, scores)
        return ScopeDecision(scope, scores, (), reason)
    if model_scores:
        # On the model's logit scale: logit + rule weight / blend. The rules' YAML weights
        # then count as a prior the learned weights refine (see train.py for the blend).
        blend = max(model_weight, 1e-9)
        blended = scores.copy()  # the same classes in the same order, sized at once
        for c, v in scores.items():
            blended[c] = model_scores.get(c, 0.0) + v / blend
        scores = blended
    # The first of equal scores: ties go to the earlier class of SCOPES (what max() with a
    # key gave; a plain loop spares a Python-level call per class when compiled).
    best = SCOPES[0]
    top = scores[best]
    for cls in SCOPES:
        score = scores[cls]
        if score > top:
            best, top = cls, score
    voters = tuple(h for h in hits if h.rule.scores.get(best, 0.0) > 0)
    return ScopeDecision(best, scores, voters)

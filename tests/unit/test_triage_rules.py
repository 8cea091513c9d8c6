"""Rules are data (ARCHITECTURE "Style"): every scope and priority rule in rules/*.yaml fires
on its examples and on none of its counter-examples, and the rule syntax is checked."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

from yudesk.errors import ConfigurationError
from yudesk.triage.lemmas import Lemmatiser
from yudesk.triage.matcher import Rule, RuleSet, load_rules
from yudesk.triage.normalize import fold, tokenize
from yudesk.triage.pipeline import engine
from yudesk.triage.result import SCOPES

RULES = engine().rules.rules
CRITICAL_CLASSES = {
    "impact",
    "failure",
    "outage",
    "only_some",
    "partial",
    "own_side",
    "resolved",
    "elsewhere",
    "support",
    "wish",
    "question",
    "hypothetical",
    "defect",
    "moved_on",
    "turn",
    "down",
    "past",
}


def _fired(text: str, rules: RuleSet | None = None) -> set[str]:
    """Ids of the rules of ``rules`` (the shipped rule set by default) that fire on ``text``."""
    folded = fold(text)
    rs = rules if rules is not None else engine().rules
    return {h.rule.id for h in rs.match(tokenize(folded), folded)}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_fires_on_its_examples_only(rule: Rule) -> None:
    """S-SCOPE-1 / S-PRI-1: a test per rule - its examples fire it, its counters do not."""
    assert rule.examples, f"{rule.id} has no example"
    for example in rule.examples:
        assert rule.id in _fired(example), example
    for counter in rule.counter:
        assert rule.id not in _fired(counter), counter


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_votes_for_known_classes(rule: Rule) -> None:
    """S-SCOPE-1: a scope rule votes only for the twelve classes, a priority rule only for
    the classes critical.py combines."""
    allowed = set(SCOPES) if rule.family == "scope" else CRITICAL_CLASSES
    assert set(rule.scores) <= allowed


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "scope.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def _fired_by(tmp_path: Path, body: str) -> Callable[[str], set[str]]:
    """``_fired`` for the rules of a rule file written from ``body``."""
    return partial(_fired, rules=load_rules(_write(tmp_path, body), Lemmatiser()))


@pytest.mark.parametrize(
    "body",
    [
        "- {id: a, class: api}\n",  # no pattern
        "- {id: a, class: api, patterns: ['x y?']}\n",  # bad element
        "- {id: a, class: api, patterns: ['@nolist']}\n",  # unknown word list
        "- {id: a, class: api, patterns: [api]}\n- {id: a, class: api, patterns: [api]}\n",
        "- {id: a, patterns: [api]}\n",  # no class
        "- {id: a, class: api, regex: ['(']}\n",
        "not a list\n",
    ],
)
def test_malformed_rule_file_is_a_configuration_error(tmp_path: Path, body: str) -> None:
    """ARCHITECTURE errors: a broken rule file names the problem instead of crashing later."""
    with pytest.raises(ConfigurationError):
        load_rules(_write(tmp_path, body), Lemmatiser())


def test_pattern_syntax_order_gap_and_any_order(tmp_path: Path) -> None:
    """S-SCOPE-1: words in order with a gap, " + " parts in any order, "= " adjacent."""
    body = (
        "lists: {verbs: [настро*]}\n"
        "rules:\n"
        "- {id: ordered, class: api, patterns: ['@verbs:impr мы']}\n"
        "- {id: anyorder, class: api, patterns: ['мы + настро*']}\n"
        "- {id: adjacent, class: api, patterns: ['= не у весь']}\n"
    )
    fired = _fired_by(tmp_path, body)

    assert "ordered" in fired("Настройте, пожалуйста, нам воронку")
    assert "ordered" not in fired("настроили нам воронку")  # not imperative
    assert "ordered" not in fired("Настройте. Нам воронку")  # another sentence
    assert "anyorder" in fired("нам бы настройку поправить")
    assert "adjacent" in fired("не у всех открывается")
    assert "adjacent" not in fired("не открывается у всех")


def test_an_alternative_shared_by_many_elements_counts_for_each(tmp_path: Path) -> None:
    """S-SCOPE-1: a word is read once, as the alternatives it satisfies, and every element
    that lists one of them holds it: a prefix plain and imperative, a word in a long list
    and in a short alternation, in patterns of several rules."""
    body = (
        "lists: {objs: [воронка, сделка, контакт, задача, счет, лид]}\n"
        "rules:\n"
        "- {id: plain, class: api, patterns: ['настро* воронка']}\n"
        "- {id: impr, class: api, patterns: ['настро*:impr воронка|сделка']}\n"
        "- {id: listed, class: api, patterns: ['@objs + срочно']}\n"
        "- {id: twice, class: api, patterns: ['сделка + сделка|лид срочно']}\n"
    )
    fired = _fired_by(tmp_path, body)

    assert fired("настроили воронку срочно") == {"plain", "listed"}
    assert fired("Настройте сделку, лид срочно") == {"impr", "listed", "twice"}
    assert fired("настройте воронку") == {"plain", "impr"}
    assert fired("срочно") == set()

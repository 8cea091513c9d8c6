"""The critical head (S-PRI-1): a binary column of the shipped model that decides priority,
with the rules' formula as its evidence and as the fallback without a model."""

from __future__ import annotations

import pytest

from yudesk.triage import classify, critical
from yudesk.triage.model import LinearModel, features, model_from_payload
from yudesk.triage.pipeline import analyse, build_engine, critical_rows, engine

from .test_triage_public_examples import PUBLIC

OUTAGE = "CRM не открывается ни у одного сотрудника с самого утра, работа встала"


def _tiny_model(threshold: float) -> LinearModel:
    """Two scope classes and a critical head over three features and a bigram of its own."""
    return LinearModel(
        classes=("a", "b"),
        bias=(0.0, 0.0),
        weights={"w:x": (1.0, 0.0), "w:y": (0.0, 1.0), "w:z": (0.5, 0.5)},
        blend=1.0,
        lemmatiser="test",
        heads={"critical": (-1.0, threshold, 3.0)},
        head_weights={"critical": {"w:x": 2.0, "w:y": -3.0, "w:z": 0.25, "b:x_y": 0.5}},
    )


def test_head_logit_is_its_bias_plus_its_column() -> None:
    """S-PRI-1: the head reads its own column; the scope scores never see it."""
    model = _tiny_model(0.0)
    rows = [model.row_of["w:x"], model.row_of["w:z"]]
    assert model.head_logit(rows, "critical") == pytest.approx(-1.0 + 2.0 + 0.25)
    contrib = model.head_contributions(rows, "critical", toward=True)
    assert [model.names[r] for _, r in contrib] == ["w:x", "w:z"]
    assert model.row_scores(rows) == {"a": 1.5, "b": 0.5}


def test_a_feature_only_the_head_knows_is_nothing_to_the_scope() -> None:
    """S-PRI-1, S-SCOPE-1: a head's own feature adds to its logit and to no scope score."""
    model = _tiny_model(0.0)
    bigram = model.row_of["b:x_y"]
    assert model.head_only == frozenset({bigram})
    assert model.row_scores([bigram]) == {"a": 0.0, "b": 0.0}
    assert model.head_logit([bigram], "critical") == pytest.approx(-0.5)


def test_head_evidence_names_what_pushed_against_an_outage() -> None:
    """S-PRI-1: below the threshold, the features named are those that pulled the logit down."""
    model = _tiny_model(5.0)
    rows = [model.row_of["w:x"], model.row_of["w:y"]]
    assert model.head_logit(rows, "critical") < 5.0
    contrib = model.head_contributions(rows, "critical", toward=False)
    assert contrib == [(-3.0, model.row_of["w:y"])]


def test_model_file_with_a_head_loads_it_and_a_broken_one_is_not_used() -> None:
    """S-PRI-1: a head is read with its own sparse weights; a file whose rows do not match
    its classes is not used at all (the rules then decide rather than misread columns)."""
    payload = {
        "feature_version": 1,
        "classes": ["a", "b"],
        "bias": [0.0, 0.0],
        "weights": {"w:x": [1.0, 0.0]},
        "heads": {
            "critical": {"bias": -1.0, "threshold": 0.0, "sure": 3.0, "weights": {"b:x_y": 2.0}}
        },
    }
    model = model_from_payload(payload)
    assert model is not None and model.heads == {"critical": (-1.0, 0.0, 3.0)}
    assert model.head_logit([model.row_of["b:x_y"]], "critical") == pytest.approx(1.0)
    payload["weights"] = {"w:x": [1.0, 0.0, 0.5]}
    assert model_from_payload(payload) is None


def test_shipped_model_has_a_critical_head() -> None:
    """S-PRI-1: the shipped model decides priority (train.py writes the head)."""
    model = engine().model
    assert model is not None
    assert "critical" in model.heads


@pytest.mark.parametrize("text", [OUTAGE] + [text for text, *_ in PUBLIC])
def test_head_rows_are_the_named_features_of_training(text: str) -> None:
    """S-PRI-1: the rows the head reads are exactly the model rows of the features training
    gives it by name (words, bigrams, scope and critical rules)."""
    eng = engine()
    assert eng.model is not None
    a = analyse(text, eng=eng)
    names = features(eng.reader.feature_names(a.doc), [*a.scope_hits, *a.critical_hits])
    want = {eng.model.row_of[n] for n in names if n in eng.model.row_of}
    rows = critical_rows(eng, a, eng.reader.message_rows(a.doc, a.scope_hits))
    assert set(rows) == want
    assert len(rows) == len(want)


def test_outage_evidence_names_the_head_and_the_rules() -> None:
    """S-PRI-1: a critical verdict says the head's logit and threshold and the rules' hits."""
    result = classify(OUTAGE)
    assert result.critical
    head = [line for line in result.evidence if line.startswith("critical:model logit=")]
    assert len(head) == 1 and "threshold=" in head[0]
    assert any(line.startswith("critical rule=critical.") for line in result.evidence)


def test_quiet_message_has_no_head_line() -> None:
    """S-PRI-1: a message neither the head nor the rules take for an outage carries no
    priority evidence at all."""
    result = classify("Подскажите, как добавить поле «ИНН» в карточку компании?")
    assert not result.critical
    assert not any("critical" in line for line in result.evidence)


def test_without_a_model_the_rules_formula_decides() -> None:
    """S-PRI-1: with no model loaded, the rules alone decide, as critical.decide says."""
    eng = build_engine(use_model=False)
    for text in (OUTAGE, "У одного менеджера не открывается карточка сделки"):
        a = analyse(text, eng=eng)
        want, _ = critical.decide(a.critical_hits, lambda a=a: a.critical_guard_hits)
        assert classify(text, eng=eng).critical is want


def _head_engine(bias: float, head_weights: dict[str, float]):  # type: ignore[no-untyped-def]
    """The shipped rules with a model of no scope weights and a critical head of this bias
    and these weights (threshold -1.5, sure 3.0, as shipped)."""
    from yudesk.triage.pipeline import with_model
    from yudesk.triage.result import CLAUSES

    classes = tuple(CLAUSES)
    model = LinearModel(
        classes=classes,
        bias=(0.0,) * len(classes),
        weights={},
        blend=1.0,
        lemmatiser=engine().lemmatiser.name,
        heads={"critical": (bias, -1.5, 3.0)},
        head_weights={"critical": head_weights},
    )
    return with_model(engine(), model)


def _unsure_head_engine():  # type: ignore[no-untyped-def]
    """A head that says "outage" to every message, unsure (logit 0: above its threshold,
    below ``sure``)."""
    return _head_engine(0.0, {})


def test_a_head_sure_only_by_its_prior_does_not_overrule_the_rules() -> None:
    """S-PRI-1: a short outage report has few features, so the head's logit is mostly its
    (strongly negative) bias; the rules' "yes" stands unless the features the head read
    weigh against an outage for at least half its sure margin."""
    eng = _head_engine(-5.0, {})
    result = classify(OUTAGE, eng=eng)
    assert result.critical
    assert any("read too little against the outage" in line for line in result.evidence)


def test_a_head_sure_by_what_it_read_overrules_the_rules() -> None:
    """S-PRI-1: the same sure "no" backed by a feature learnt against outages (weight -2,
    beyond half the sure margin) overrules the rules' "yes"."""
    eng = _head_engine(-3.5, {"w:сотрудник": -2.0})
    result = classify(OUTAGE, eng=eng)
    assert not result.critical
    assert any(line.startswith("not_critical:model logit=") for line in result.evidence)


def test_the_guard_that_holds_an_unsure_head_back_is_named() -> None:
    """S-PRI-1: where the rules found no outage and a guard outweighs an unsure head, the
    evidence names that guard, so an agent sees why the head was overruled."""
    eng = _unsure_head_engine()
    result = classify("Это точно ошибка.", eng=eng)
    assert not result.critical
    assert any("not sure enough to overrule a guard" in line for line in result.evidence)
    assert any(line.startswith("not_critical rule=critical.defect") for line in result.evidence)
    # No guard, nothing to hold it back: the head decides.
    assert classify("Добрый день", eng=eng).critical

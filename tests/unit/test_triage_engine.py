"""The triage engine: loaded once, model matched to its lemmatiser, snowball fallback
(S-SCOPE-1: every ticket gets a class with evidence, whatever is installed)."""

from __future__ import annotations

import functools

import pytest

from yudesk.triage.pipeline import Engine, build_engine, classify, engine

from .test_triage_public_examples import PUBLIC


def test_engine_is_a_process_wide_singleton() -> None:
    """The rules, dictionaries and model load once per process (fast CLI, fast intake)."""
    assert engine() is engine()


def test_shipped_model_is_loaded_and_explained() -> None:
    """S-SCOPE-1: the learned part names its top weighted features in the evidence."""
    eng = engine()
    assert eng.model is not None and eng.model.lemmatiser == eng.lemmatiser.name
    result = classify("Разработайте для нас модуль учёта аренды, готовы оплатить.")
    assert any(line.startswith("model:custom_dev logit=") for line in result.evidence)


def test_rules_alone_still_classify_without_a_model() -> None:
    """S-SCOPE-1: with no model file the rule scores decide, with their evidence."""
    eng = build_engine(use_model=False)
    result = classify("Настройте нам, пожалуйста, права доступа для отдела продаж", eng=eng)
    assert result.scope == "do_it_for_us"
    assert not any(line.startswith("model:") for line in result.evidence)


@pytest.mark.parametrize(("text", "scope", "critical", "abusive", "credentials"), PUBLIC)
def test_snowball_fallback_handles_the_public_examples(
    text: str, scope: str, critical: bool, abusive: bool, credentials: bool
) -> None:
    """S-SCOPE-1: where pymorphy3 is missing the snowball stemmer and its own model take
    over, and the published examples still come out right."""
    eng = _snowball()
    result = classify(text, eng=eng)
    assert eng.lemmatiser.name == "snowball"
    assert (result.scope, result.critical, result.abusive, result.credentials) == (
        scope,
        critical,
        abusive,
        credentials,
    )


@functools.cache
def _snowball() -> Engine:
    """One snowball engine for all the parametrised cases (building it takes a moment)."""
    return build_engine("snowball")


def test_evidence_is_the_same_in_every_process() -> None:
    """S-SCOPE-1: evidence must not depend on the process's string-hash seed (a rule with
    several patterns once quoted a different one per process: "было бы" / "было бы полезно")."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    text = (
        "Очень неудобно, что нельзя назначить задачу сразу нескольким исполнителям. "
        "Предлагаю добавить групповые задачи с отметкой, кто выполнил. "
        "Это было бы полезно многим командам."
    )
    code = (
        "import json, sys; from yudesk.triage import classify; "
        "print(json.dumps(classify(sys.argv[1]).evidence))"
    )
    root = Path(__file__).resolve().parents[2]
    evidence = set()
    for seed in ("0", "1"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)}
        out = subprocess.run(
            [sys.executable, "-c", code, text], env=env, capture_output=True, check=True
        )
        evidence.add(tuple(json.loads(out.stdout)))
    assert len(evidence) == 1

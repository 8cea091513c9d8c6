"""The learned part of scope (S-SCOPE-1): classification reads the model through integer rows
(reading.Reader), training through feature names (model.feature_names); both must see the
same features, or the shipped weights would be applied to other features than they learnt."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from yudesk.triage.lemmas import LEMMA_TABLE, Lemmatiser, pymorphy_versions
from yudesk.triage.model import features
from yudesk.triage.normalize import fold, tokenize
from yudesk.triage.pipeline import analyse, engine

from .test_triage_public_examples import PUBLIC

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "tests" / "data" / "triage" / "dev.jsonl"

TEXTS = [text for text, *_ in PUBLIC] + [
    "Настройте, пожалуйста, нам права. Спасибо!",
    "",
    "...",
    "пароль: Qwe!2345zX, apikey=yu_live_A1b2C3d4E5f6G7h8J9k0 не проходит",
    "u nas ne otkryvaetsya CRM, pomogite srochno",
]


def _dev_texts() -> list[tuple[str, str | None]]:
    if not DEV.exists():
        return []
    with DEV.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return [(r["text"], r.get("subject")) for r in rows[:120]]


@pytest.mark.parametrize(("text", "subject"), [(t, None) for t in TEXTS] + _dev_texts())
def test_rows_read_at_classification_are_the_named_features_of_training(
    text: str, subject: str | None
) -> None:
    """S-SCOPE-1: for every message, the rows the reader gives are exactly the model rows of
    the features training extracts by name."""
    eng = engine()
    assert eng.model is not None
    a = analyse(text, subject, eng=eng)
    names = features(eng.reader.feature_names(a.doc), a.scope_hits)
    # Lemma bigrams are the critical head's alone (test_triage_critical_head.py).
    want = {eng.model.row_of[n] for n in names if n in eng.model.row_of and n[:2] != "b:"}
    assert set(eng.reader.message_rows(a.doc, a.scope_hits)) == want


def test_matching_a_token_list_equals_matching_the_read_message() -> None:
    """S-SCOPE-1: RuleSet.match(tokens) (tests, tools) and the pipeline's one pass agree."""
    eng = engine()
    for text, *_ in PUBLIC:
        folded = fold(text)
        doc = eng.reader.read(folded)
        via_tokens = {h.rule.id for h in eng.rules.match(tokenize(folded), folded)}
        via_doc = {
            h.rule.id for h in eng.rules.match_words(doc.words, doc.sents, doc.where, folded)
        }
        assert via_tokens == via_doc, text


def test_lemma_table_agrees_with_live_analysis() -> None:
    """The shipped lemma table is a cache of pymorphy3's own answers: every entry equals a
    live analysis, and it is only trusted with the versions that wrote it."""
    raw = json.loads(LEMMA_TABLE.read_text(encoding="utf-8"))
    # An upgraded pymorphy3 makes the shipped table dead weight: regenerate it, do not skip.
    assert raw.get("versions") == pymorphy_versions(), (
        "the shipped lemma table was written by other pymorphy3/dictionary versions; "
        "regenerate it with `python -m yudesk.triage.train`"
    )
    live = Lemmatiser(table=False)
    words = sorted(raw["words"])[:: max(1, len(raw["words"]) // 300)]
    for word in words:
        lemma, impr = raw["words"][word]
        info = live.analyse(word)
        assert (info.lemma, info.imperative) == (lemma, bool(impr)), word


def test_lemma_table_of_other_versions_is_ignored(tmp_path: Path) -> None:
    """A table from another pymorphy3 or dictionary version would give other lemmas than the
    live analyser: it is not used at all."""
    from yudesk.triage import lemmas

    path = tmp_path / "lemmas.json"
    path.write_text(
        json.dumps({"versions": {"pymorphy3": "0.0"}, "words": {"настройте": ["x", 0]}}),
        encoding="utf-8",
    )
    assert lemmas._load_table(path) == {}

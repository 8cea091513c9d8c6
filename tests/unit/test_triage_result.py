"""The API the rest of yudesk calls: names, the frozen result, clauses and the JSON shape
(S-SCOPE-1: every ticket gets a class with its evidence)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yudesk.triage import (
    CLAUSES,
    IN_SCOPE,
    SCOPES,
    CredentialSpan,
    TriageResult,
    classify,
    find_credentials,
    mask_secrets,
)


def test_scope_classes_are_the_twelve_of_the_taxonomy() -> None:
    """S-SCOPE-1: exactly the twelve class names of REQUIREMENTS.md."""
    assert set(SCOPES) == {
        "configuration", "integration", "malfunction", "api", "how_it_works",
        "feature_request", "third_party", "do_it_for_us", "client_pc", "custom_dev",
        "web_design", "complaint",
    }  # fmt: skip


def test_clause_of_every_class_matches_the_sla() -> None:
    """S-SCOPE-2: the clause that puts a class in or out of scope."""
    assert CLAUSES == {
        "configuration": "3.1.1", "integration": "3.1.1", "malfunction": "3.2",
        "api": "3.3.1", "how_it_works": "3.4", "feature_request": "3.4",
        "third_party": "1.5, 3.1.2", "do_it_for_us": "3.1.2", "client_pc": "3.1.2",
        "custom_dev": "3.3.2", "web_design": "1.6", "complaint": "5.2-5.3",
    }  # fmt: skip


def test_in_scope_is_tristate() -> None:
    """S-SCOPE-1: in scope True, out of scope False, backlog/escalation None."""
    assert {c for c, v in IN_SCOPE.items() if v is True} == {
        "configuration", "integration", "malfunction", "api", "how_it_works",
    }  # fmt: skip
    assert {c for c, v in IN_SCOPE.items() if v is False} == {
        "third_party", "do_it_for_us", "client_pc", "custom_dev", "web_design",
    }  # fmt: skip
    assert IN_SCOPE["feature_request"] is None
    assert IN_SCOPE["complaint"] is None


def test_result_is_frozen_and_carries_clause_and_in_scope() -> None:
    """S-SCOPE-1: the result cannot be altered after the fact; clause follows scope."""
    result = classify("Нужен новый сайт-визитка для компании, можете сделать?")
    assert isinstance(result, TriageResult)
    assert result.clause == "1.6"
    assert result.in_scope is False
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.scope = "api"  # type: ignore[misc]


def test_to_json_has_exactly_the_cli_fields() -> None:
    """CLI contract of `yudesk triage`: scope, critical, abusive, credentials, evidence."""
    data = classify("как скрыть от стажёров раздел отчёты?").to_json()
    assert set(data) == {"scope", "critical", "abusive", "credentials", "evidence"}
    assert isinstance(data["evidence"], list)
    assert all(isinstance(line, str) for line in data["evidence"])


def test_evidence_names_rule_and_span() -> None:
    """S-SCOPE-1: evidence is a rule id plus the words that made it fire."""
    result = classify("Создайте нам сами воронку и этапы по нашему регламенту")
    assert 'scope:do_it_for_us rule=do_it_for_us.imperative_for_us span="создайте нам' in (
        "\n".join(result.evidence)
    )


def test_secret_spans_point_into_the_original_text() -> None:
    """S-CRED-1: spans are offsets into the text given to classify()."""
    text = "Привет!\nпароль: Zx9!long_Pw\nспасибо"
    result = classify(text)
    assert result.credentials
    assert [text[s.start : s.end] for s in result.secret_spans] == ["Zx9!long_Pw"]
    assert all(isinstance(s, CredentialSpan) for s in result.secret_spans)


def test_find_credentials_and_mask_secrets_are_exported() -> None:
    """S-CRED-1: detection and masking are usable without classify()."""
    text = "token: 4f9a8b7c6d5e4f3a2b1c0d9e"
    assert [text[s.start : s.end] for s in find_credentials(text)] == ["4f9a8b7c6d5e4f3a2b1c0d9e"]
    assert mask_secrets(text) == "token: ***"


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "!!!", "12345", "🙂", "a" * 50_000])
def test_odd_input_never_crashes(text: str) -> None:
    """S-SCOPE-1: every ticket gets a class, even an empty or absurd one."""
    result = classify(text)
    assert result.scope in SCOPES
    assert result.evidence


def test_subject_and_channel_are_accepted() -> None:
    """S-SCOPE-1: the subject is read as part of the request."""
    result = classify("см. тему", subject="Re: Не открываются сделки у всех", channel="email")
    assert result.scope == "malfunction"


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(
        alphabet=st.characters(blacklist_categories=("Cs",)),
        max_size=300,
    ),
    subject=st.one_of(st.none(), st.text(max_size=60)),
)
def test_any_text_gets_a_class_and_evidence_property(text: str, subject: str | None) -> None:
    """S-SCOPE-1 (property): arbitrary Unicode - mixed scripts, control characters, masks -
    never crashes and always yields a class, its clause and evidence."""
    result = classify(text, subject)
    assert result.scope in SCOPES
    assert result.clause == CLAUSES[result.scope]
    assert result.evidence and result.evidence[0].startswith(f"scope={result.scope} ")
    for span in result.secret_spans:
        assert 0 <= span.start < span.end <= len(text)

"""classify(): one message in, labels and evidence out.

Order matters and is fixed:
1. secrets are found on the ORIGINAL text (a password may sit in a signature-like line) and
   masked at once, so no later step (evidence spans, the model) can ever see them;
2. quoted earlier messages are cut: abuse is judged on the customer's new words;
3. the signature is cut as well for scope and priority, whose word rules it would mislead;
4. the text is folded (case, ё, look-alikes) and tokenised once, and every rule file and the
   model read the same tokens.

The rule sets, lemmatiser and model are loaded once per process, on first use.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from yudesk.triage import abuse, critical, scope
from yudesk.triage.credentials import Finding, mask_spans, scan, scrub
from yudesk.triage.lemmas import Lemmatiser
from yudesk.triage.matcher import Hit, RuleSet, load_rules
from yudesk.triage.model import LinearModel, load_model, model_file
from yudesk.triage.normalize import (
    Token,
    clean_subject,
    fold,
    strip_quotes,
    strip_signature,
    tokenize,
)
from yudesk.triage.result import CLAUSES, IN_SCOPE, CredentialSpan, TriageResult
from yudesk.triage.translit import to_cyrillic

RULES_DIR = Path(__file__).with_name("rules")
MAX_CHARS = 20_000  # a pasted log of megabytes says nothing more about scope than its head


@dataclass
class Engine:
    lemmatiser: Lemmatiser
    rules: RuleSet  # scope.yaml + critical.yaml: one pass over a message serves both
    model: LinearModel | None
    model_weight: float


_engine: Engine | None = None
_lock = threading.Lock()


def engine() -> Engine:
    """The process-wide engine, built on first use (YAML and dictionaries load once)."""
    global _engine
    if _engine is None:
        with _lock:
            if _engine is None:
                _engine = build_engine()
    return _engine


def build_engine(
    lemmatiser: str | None = None, use_model: bool = True, model_path: Path | None = None
) -> Engine:
    lem = Lemmatiser(lemmatiser)
    model = load_model(model_path or model_file(lem.name)) if use_model else None
    if model is not None and model.lemmatiser != lem.name:
        # Features are lemmas: weights learnt with another lemmatiser would not line up.
        model = None
    return Engine(
        lemmatiser=lem,
        rules=load_rules([RULES_DIR / "scope.yaml", RULES_DIR / "critical.yaml"], lem),
        model=model,
        model_weight=model.blend if model is not None else 0.0,
    )


def _quote(span: str) -> str:
    return " ".join(span.split()).replace('"', "'")[:80]


def _hit_line(prefix: str, hit: Hit) -> str:
    return f'{prefix} rule={hit.rule.id} span="{_quote(hit.span)}"'


@dataclass(frozen=True)
class Analysis:
    """Everything the detectors read, computed once per message (also used for training)."""

    findings: tuple[Finding, ...]
    subject_findings: tuple[Finding, ...]
    spans: tuple[CredentialSpan, ...]
    secrets: tuple[str, ...]
    own_words: str  # quotes cut, signature kept: what abuse is judged on
    folded: str  # quotes and signature cut, folded: what scope and priority read
    tokens: tuple[Token, ...]
    scope_hits: tuple[Hit, ...]
    critical_hits: tuple[Hit, ...]


def analyse(text: str, subject: str | None = None, *, eng: Engine | None = None) -> Analysis:
    eng = eng or engine()
    # 1. secrets, on the original text and the subject
    findings = scan(text)
    subject_findings = scan(subject) if subject else []
    spans = tuple(sp for f in findings for sp in f.spans)
    secrets = [text[sp.start : sp.end] for sp in spans]
    masked = mask_spans(text, spans)
    subj = mask_spans(subject, [sp for f in subject_findings for sp in f.spans]) if subject else ""
    secrets += [subject[sp.start : sp.end] for f in subject_findings for sp in f.spans]

    # 2-3. the customer's own words, then without the sign-off
    body = strip_quotes(masked[:MAX_CHARS])
    subj = clean_subject(subj)
    own_words = to_cyrillic(f"{subj}\n{body}" if subj else body)
    scope_text = to_cyrillic(f"{subj}\n{strip_signature(body)}" if subj else strip_signature(body))

    # 4. one folding and tokenisation for every rule file and the model
    folded = fold(scope_text)
    tokens = tokenize(folded)
    # Secrets are masked, but that a token or password was pasted is itself a clue
    # ("apikey=*** не проходит" is an API question): one synthetic word per kind.
    last = (tokens[-1].sentence + 1) if tokens else 0
    for kind in sorted({sp.kind for sp in spans if sp.kind != "login"}):
        tokens.append(Token(f"cred_{kind}", len(folded), len(folded), last))
    hits = eng.rules.match(tokens, folded)
    return Analysis(
        findings=tuple(findings),
        subject_findings=tuple(subject_findings),
        spans=spans,
        secrets=tuple(secrets),
        own_words=own_words,
        folded=folded,
        tokens=tuple(tokens),
        scope_hits=tuple(h for h in hits if h.rule.family == "scope"),
        critical_hits=tuple(h for h in hits if h.rule.family == "critical"),
    )


def classify(
    text: str,
    subject: str | None = None,
    channel: str | None = None,
    *,
    eng: Engine | None = None,
) -> TriageResult:
    """Labels for one inbound request. Never raises on odd input: empty or non-text input
    is classified as an empty message. ``channel`` is accepted for the contract; the rules
    do not depend on it (quote and signature stripping are harmless on chat messages)."""
    del channel
    eng = eng or engine()
    text = text if isinstance(text, str) else ("" if text is None else str(text))
    subject = subject if isinstance(subject, str) else None
    a = analyse(text, subject, eng=eng)
    tokens, folded, scope_hits = a.tokens, a.folded, a.scope_hits
    findings, subject_findings, spans = a.findings, a.subject_findings, a.spans
    model_scores = None
    model_lines: list[str] = []
    if eng.model is not None:
        model_scores, model_lines = eng.model.explain(tokens, eng.lemmatiser, scope_hits)
    decision = scope.decide(scope_hits, folded, model_scores, eng.model_weight)
    is_critical, crit_hits = critical.decide(a.critical_hits, decision.scope)
    abuse_hits = abuse.find_abuse(a.own_words)

    evidence: list[str] = []
    ranked = sorted(decision.scores.items(), key=lambda kv: -kv[1])
    runner = next(((c, s) for c, s in ranked if c != decision.scope), None)
    summary = f"scope={decision.scope} clause={CLAUSES[decision.scope]}"
    summary += f" score={decision.scores[decision.scope]:.2f}"
    if runner is not None:
        summary += f" next={runner[0]}:{runner[1]:.2f}"
    if decision.default_reason:
        summary += f" ({decision.default_reason})"
    evidence.append(summary)
    evidence.extend(_hit_line(f"scope:{decision.scope}", h) for h in decision.hits)
    evidence.extend(model_lines)
    evidence.extend(_hit_line("critical", h) for h in crit_hits if is_critical)
    if not is_critical and crit_hits:
        evidence.extend(_hit_line("not_critical", h) for h in crit_hits)
    evidence.extend(f'abusive rule={h.rule.id} span="{_quote(h.span)}"' for h in abuse_hits)
    sourced = [(text, f) for f in findings] + [(subject or "", f) for f in subject_findings]
    for source, f in sourced:
        region = source[f.start : f.end]
        local = [
            type(sp)(sp.start - f.start, sp.end - f.start, sp.kind)
            for sp in f.spans
            if f.start <= sp.start and sp.end <= f.end
        ]
        evidence.append(
            f"credentials rule={f.detector.id} kind={f.detector.kind} "
            f'span="{_quote(mask_spans(region, local))}"'
        )
    evidence = [scrub(line, a.secrets) for line in evidence]

    return TriageResult(
        scope=decision.scope,
        critical=is_critical,
        abusive=bool(abuse_hits),
        credentials=bool(findings or subject_findings),
        clause=CLAUSES[decision.scope],
        in_scope=IN_SCOPE[decision.scope],
        evidence=tuple(evidence),
        secret_spans=spans,
    )

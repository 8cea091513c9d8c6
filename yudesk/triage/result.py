"""What triage returns: the labels of one request and the evidence that chose them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from yudesk.pickling import pickled_by_fields

# The scope classes of the SLA (triage-taxonomy.md), in a fixed order so that ties between
# equal scores break the same way on every run.
SCOPES: tuple[str, ...] = (
    "malfunction",
    "configuration",
    "how_it_works",
    "api",
    "integration",
    "feature_request",
    "do_it_for_us",
    "third_party",
    "client_pc",
    "custom_dev",
    "web_design",
    "complaint",
)

# SLA clause that puts each class in or out of scope; the reply to the customer cites it.
CLAUSES: dict[str, str] = {
    "configuration": "3.1.1",
    "integration": "3.1.1",
    "malfunction": "3.2",
    "api": "3.3.1",
    "how_it_works": "3.4",
    "feature_request": "3.4",
    "third_party": "1.5, 3.1.2",
    "do_it_for_us": "3.1.2",
    "client_pc": "3.1.2",
    "custom_dev": "3.3.2",
    "web_design": "1.6",
    "complaint": "5.2-5.3",
}

# Tri-state: True = support handles it (section 3 "решаются"), False = excluded by the SLA,
# None = neither: a feature request goes to the backlog, a complaint is escalated to the head
# of support. Callers that only need "answer with an exclusion?" test ``in_scope is False``.
IN_SCOPE: dict[str, bool | None] = {
    "configuration": True,
    "integration": True,
    "malfunction": True,
    "api": True,
    "how_it_works": True,
    "feature_request": None,
    "third_party": False,
    "do_it_for_us": False,
    "client_pc": False,
    "custom_dev": False,
    "web_design": False,
    "complaint": None,
}


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class CredentialSpan:
    """A secret found in a text: ``text[start:end]`` is the secret itself (not its key word)."""

    start: int
    end: int
    kind: str  # password | login_password | api_token | bearer | jwt | ssh | dsn | key_value


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class TriageResult:
    scope: str
    critical: bool
    abusive: bool
    credentials: bool
    clause: str
    in_scope: bool | None
    # Human-readable reasons, secrets always masked: "scope:api rule=api.method span=\"...\"".
    evidence: tuple[str, ...] = ()
    # Offsets into the ORIGINAL text given to classify(), so a vault can encrypt and mask them.
    secret_spans: tuple[CredentialSpan, ...] = field(default=(), repr=False)

    def to_json(self) -> dict[str, Any]:
        """The CLI contract of ``yudesk triage``: exactly these five keys."""
        return {
            "scope": self.scope,
            "critical": self.critical,
            "abusive": self.abusive,
            "credentials": self.credentials,
            "evidence": list(self.evidence),
        }

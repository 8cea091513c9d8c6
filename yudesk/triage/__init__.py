"""Triage of inbound support requests: scope (SLA section 3), critical priority (2.1),
abuse (4.8) and credentials (4.3), each with the evidence that decided it.

    from yudesk.triage import classify
    result = classify("Настройте нам воронку", subject=None, channel="email")
    result.scope, result.clause, result.in_scope, result.evidence

Pure Python: no Prefect, no database. Rules are YAML files in ``rules/``; the optional
learned model is a JSON file in ``model/``. Both load once per process, on first use.
The hot path may run compiled (native.py): only a build that matches the sources loads.
"""

from yudesk.triage import native

native.activate(__path__)

from yudesk.triage.credentials import find_credentials, mask_secrets  # noqa: E402
from yudesk.triage.pipeline import classify  # noqa: E402
from yudesk.triage.result import CLAUSES, IN_SCOPE, SCOPES, CredentialSpan, TriageResult  # noqa: E402

__all__ = [
    "CLAUSES",
    "IN_SCOPE",
    "SCOPES",
    "CredentialSpan",
    "TriageResult",
    "classify",
    "find_credentials",
    "mask_secrets",
]

"""Critical priority (S-PRI-1, SLA 2.1) from the hits of rules/critical.yaml.

The rule classes are combined by one readable formula, so an agent can see why:
    critical = not own_side and not only_some and not resolved
               and (outage or (impact and failure and not partial))
"Срочно", capitals and exclamation marks are deliberately not inputs: urgency claimed is not
an outage, and one user's bug is a normal ticket however loudly it is reported.

Only requests about the CRM itself can be critical: a customer's own server, website or
computer being down (third_party, web_design, client_pc) is not a CRM service to restore,
and a question about how something works or a wish is not an outage either.
"""

from __future__ import annotations

from collections.abc import Sequence

from yudesk.triage.matcher import Hit

CAN_BE_CRITICAL = frozenset({"malfunction", "api", "integration", "complaint"})


def decide(hits: Sequence[Hit], scope: str | None = None) -> tuple[bool, list[Hit]]:
    """(critical?, the hits that decided it)."""
    if scope is not None and scope not in CAN_BE_CRITICAL:
        return False, []
    by_class: dict[str, list[Hit]] = {}
    for hit in hits:
        for cls in hit.rule.scores:
            by_class.setdefault(cls, []).append(hit)
    own_side = by_class.get("own_side", [])
    resolved = by_class.get("resolved", [])
    only_some = by_class.get("only_some", [])
    partial = by_class.get("partial", [])
    outage = by_class.get("outage", [])
    impact = by_class.get("impact", [])
    failure = by_class.get("failure", [])
    if own_side:
        # Their own internet, power or computer: nothing of the CRM to restore.
        return False, own_side
    if only_some:
        # An explicit "only me / one user / a few records" outweighs "у всех" elsewhere.
        return False, only_some
    if resolved:
        # "Вчера лежало, сегодня всё работает": nothing left to restore.
        return False, resolved
    if outage:
        # "CRM полностью недоступна" outweighs a weak "проверили у нескольких сотрудников".
        return True, outage
    if partial:
        return False, partial
    if impact and failure:
        # Anywhere in the report: "у всех сотрудников" is often said a sentence or two away
        # from what fails.
        return True, [impact[0], failure[0]]
    return False, []

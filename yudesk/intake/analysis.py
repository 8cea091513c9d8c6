"""The part of the filter chain that depends on the message alone: secrets and triage.

It needs no database and no clock, so it may be computed ahead of the chain, in another
process, while the previous batch is being written (see prepare.py). The ``secrets`` and
``triage`` filters use a precomputed analysis when the message comes with one and compute it
themselves otherwise: the chain's behaviour is the same either way.
"""

from __future__ import annotations

from dataclasses import dataclass

from yudesk.intake.message import InboundMessage
from yudesk.triage import TriageResult, classify
from yudesk.vault import Findings, scan_message


@dataclass(frozen=True, slots=True)
class MessageAnalysis:
    findings: Findings  # where the secrets are, per stored field
    triage: TriageResult


def analyse(message: InboundMessage) -> MessageAnalysis:
    return MessageAnalysis(
        findings=scan_message(message.subject, message.text),
        triage=classify(message.text, subject=message.subject, channel=message.channel),
    )

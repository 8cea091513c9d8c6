"""The part of the filter chain that depends on the message alone.

Secrets and triage, the loop guard's checks of headers, sender and subject (not the own-mail
check, which depends on the settings), and the ticket IDs the message cites.

It needs no database and no clock, so it may be computed ahead of the chain, in another
process, while the previous batch is being written (see prepare.py). The filters use a
precomputed analysis when the message comes with one and compute the same themselves
otherwise: the chain's behaviour is the same either way.
"""

from __future__ import annotations

from dataclasses import dataclass

from yudesk.intake.follow_up import ticket_ids_in
from yudesk.intake.loop_guard import machine_written
from yudesk.intake.message import InboundMessage
from yudesk.pickling import pickled_by_fields
from yudesk.triage import TriageResult, classify
from yudesk.vault import Findings, scan_message


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class MessageAnalysis:
    findings: Findings  # where the secrets are, per stored field
    triage: TriageResult
    machine: str | None  # loop_guard.machine_written: why a machine wrote it, if one did
    cited: tuple[str, ...]  # ticket IDs in the subject and text (follow_up.ticket_ids_in)


def analyse(message: InboundMessage) -> MessageAnalysis:
    return MessageAnalysis(
        findings=scan_message(message.subject, message.text),
        triage=classify(message.text, subject=message.subject, channel=message.channel),
        machine=machine_written(message),
        cited=ticket_ids_in(message),
    )

"""Triage slot: scope, priority and flags with evidence (S-SCOPE-1, S-PRI-1, S-POST-1)."""

from __future__ import annotations

from yudesk.intake.context import IntakeContext, IntakeEnv
from yudesk.triage import classify


def apply(ctx: IntakeContext, env: IntakeEnv) -> None:
    if ctx.analysis is not None:
        ctx.triage = ctx.analysis.triage
        return
    msg = ctx.message
    ctx.triage = classify(msg.text, subject=msg.subject, channel=msg.channel)

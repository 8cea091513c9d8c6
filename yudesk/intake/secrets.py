"""Credentials in a message (S-CRED-1): found here, so that storage masks them and keeps the
original only sealed by the vault."""

from __future__ import annotations

from yudesk.intake.context import IntakeContext, IntakeEnv
from yudesk.vault import scan_message


def apply(ctx: IntakeContext, env: IntakeEnv) -> None:
    if ctx.analysis is not None:
        ctx.findings = ctx.analysis.findings
    else:
        ctx.findings = scan_message(ctx.message.subject, ctx.message.text)
    ctx.credentials = bool(ctx.findings)

"""Slot for credential handling (S-CRED-1): detection here; the vault issue adds encryption."""

from __future__ import annotations

from yudesk.intake.context import IntakeContext, IntakeEnv
from yudesk.triage import find_credentials


def apply(ctx: IntakeContext, env: IntakeEnv) -> None:
    msg = ctx.message
    ctx.credentials = bool(find_credentials(msg.text) or find_credentials(msg.subject))

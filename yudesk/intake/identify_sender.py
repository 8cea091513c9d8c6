"""Map the sender to a registered contact and its customer (S-ENT-1)."""

from __future__ import annotations

from yudesk.intake.context import IntakeContext, IntakeEnv


def apply(ctx: IntakeContext, env: IntakeEnv) -> None:
    ctx.contact = env.directory.contact(ctx.message.sender) if ctx.message.sender else None

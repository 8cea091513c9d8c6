"""The intake filter chain, Zammad-style: small filters in a fixed order over one context."""

from __future__ import annotations

from collections.abc import Callable

from yudesk.intake import (
    entitlement,
    follow_up,
    identify_sender,
    loop_guard,
    secrets,
    triage,
)
from yudesk.intake.analysis import MessageAnalysis
from yudesk.intake.context import IntakeContext, IntakeEnv
from yudesk.intake.message import InboundMessage

Filter = Callable[[IntakeContext, IntakeEnv], None]

FILTERS: tuple[Filter, ...] = (
    loop_guard.apply,
    identify_sender.apply,
    entitlement.apply,
    follow_up.apply,
    secrets.apply,
    triage.apply,
)


def run_filters(
    message: InboundMessage, env: IntakeEnv, analysis: MessageAnalysis | None = None
) -> IntakeContext:
    ctx = IntakeContext(message=message, analysis=analysis)
    for step in FILTERS:
        step(ctx, env)
        if ctx.stopped:
            break
    return ctx

"""Is the sender's company within its paid period? (S-ENT-1, S-ENT-2; regulation 1.2, 1.4)

A not-entitled message does not stop the chain: it still becomes a ticket record that says why,
gets one polite answer, and runs no SLA clock.
"""

from __future__ import annotations

from yudesk.intake.context import (
    ENTITLED,
    LICENCE_EXPIRED,
    UNKNOWN_CONTACT,
    IntakeContext,
    IntakeEnv,
)
from yudesk.licences import licence_active


def apply(ctx: IntakeContext, env: IntakeEnv) -> None:
    if ctx.contact is None:
        ctx.entitlement = UNKNOWN_CONTACT
    elif licence_active(ctx.contact.paid_until, env.today):
        ctx.entitlement = ENTITLED
    else:
        ctx.entitlement = LICENCE_EXPIRED

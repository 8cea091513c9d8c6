"""The SLA clock (S-CAL-2): deadlines replayed from a ticket's clock events."""

from yudesk.sla.clock import ClockEvent, ClockState, Targets, replay, warning_at

__all__ = ["ClockEvent", "ClockState", "Targets", "replay", "warning_at"]

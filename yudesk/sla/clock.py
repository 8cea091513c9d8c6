"""A pure, replayable SLA clock (S-CAL-2, S-CAL-3).

The deadline is never stored as the truth: it is recomputed from the ticket's event list,
so a changed target, calendar or override gives the right answer for old tickets too.

Rules
- "start" starts a clock ("first_reaction" on arrival, "update" on a customer message
  after an agent reacted). A start while a clock runs is ignored: the earlier clock is the
  stricter one. A start while a clock is paused resumes that clock (the customer's message
  ends the wait) and keeps it, for the same reason: its remaining time is at most a fresh
  target.
- "stop" (an agent reacted) ends the clock; "pause"/"resume" freeze and unfreeze it;
  events that do not apply (stop with no clock, resume when not paused, ...) are no-ops,
  because replaying a real history must not fail on a duplicate click.
- "priority" sets the ticket's priority; a clock that exists gets the new target,
  counted from its start.
- The deadline is always `add(started_at, target + paused business time)`: resuming moves
  it by exactly the paused business time, and a pause over a night or a holiday moves it
  by nothing. Paused time is kept to the microsecond; `paused_minutes` shows it floored.
- A paused clock has no deadline (`due` is None): nothing can be breached while the ticket
  waits for the customer or for a release.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from yudesk.calendar import BusinessCalendar
from yudesk.calendar.tz import to_moscow, to_us
from yudesk.errors import CalendarError

CLOCKS = ("first_reaction", "update")
EVENT_KINDS = ("start", "stop", "pause", "resume", "priority")
DEFAULT_PRIORITY = "normal"
MAX_WARNING_LEAD = 15  # business minutes


@dataclass(frozen=True)
class ClockEvent:
    at: datetime
    kind: str  # "start" | "stop" | "pause" | "resume" | "priority"
    clock: str | None = None  # for "start": "first_reaction" or "update"
    priority: str | None = None  # for "start"/"priority": "critical" | "normal"


def _default_targets() -> dict[str, int]:
    return {"critical": 60, "normal": 960}


@dataclass(frozen=True)
class Targets:
    """Business minutes per priority for each clock (S-CAL-2 defaults: 1 h and 16 h)."""

    first_reaction: dict[str, int] = field(default_factory=_default_targets)
    update: dict[str, int] = field(default_factory=_default_targets)

    def minutes(self, clock: str, priority: str) -> int:
        table = self.first_reaction if clock == "first_reaction" else self.update
        if clock not in CLOCKS:
            raise CalendarError(f"unknown SLA clock {clock!r}; use one of {', '.join(CLOCKS)}")
        if priority not in table:
            raise CalendarError(
                f"no {clock} target for priority {priority!r}; configured: {', '.join(table)}"
            )
        minutes = table[priority]
        if minutes <= 0:
            raise CalendarError(f"the {clock} target for {priority!r} must be positive")
        return minutes


@dataclass(frozen=True)
class ClockState:
    running: bool
    paused: bool
    clock: str | None
    priority: str | None
    started_at: datetime | None
    due: datetime | None
    paused_minutes: int


@dataclass
class _Replay:
    targets: Targets
    calendar: BusinessCalendar
    clock: str | None = None
    priority: str | None = None
    started_at: datetime | None = None
    paused_at: datetime | None = None
    paused: timedelta = timedelta(0)

    def apply(self, e: ClockEvent) -> None:
        if e.kind == "start":
            self._start(e)
        elif e.kind == "stop":
            self.clock, self.started_at, self.paused_at = None, None, None
            self.paused = timedelta(0)
        elif e.kind == "pause":
            if self.clock is not None and self.paused_at is None:
                self.paused_at = e.at
        elif e.kind == "resume":
            self._resume(e.at)
        elif e.kind == "priority":
            if e.priority is None:
                raise CalendarError(f"priority event at {e.at.isoformat()} has no priority")
            self._check_priority(e.priority)
            self.priority = e.priority

    def _start(self, e: ClockEvent) -> None:
        if e.clock not in CLOCKS:
            raise CalendarError(
                f"start event at {e.at.isoformat()} needs clock "
                f"{' or '.join(CLOCKS)}, got {e.clock!r}"
            )
        if self.clock is not None:
            self._resume(e.at)  # running: no-op; paused: the customer ended the wait
            return
        if e.priority is not None:
            self._check_priority(e.priority)
            self.priority = e.priority
        self.clock, self.started_at = e.clock, e.at
        self.paused_at, self.paused = None, timedelta(0)

    def _resume(self, at: datetime) -> None:
        if self.paused_at is not None:
            self.paused += self.calendar.business_time(self.paused_at, at)
            self.paused_at = None

    def _check_priority(self, priority: str) -> None:
        if priority not in self.targets.first_reaction or priority not in self.targets.update:
            known = ", ".join(self.targets.first_reaction)
            raise CalendarError(f"unknown priority {priority!r}; configured: {known}")

    def state(self) -> ClockState:
        running = self.clock is not None and self.paused_at is None
        due = None
        if running and self.clock is not None and self.started_at is not None:
            due = due_for(
                self.calendar,
                self.targets,
                self.clock,
                self._priority(),
                self.started_at,
                self.paused,
            )
        return ClockState(
            running=running,
            paused=self.paused_at is not None,
            clock=self.clock,
            priority=self.priority if self.clock is None else self._priority(),
            started_at=to_moscow(self.started_at) if self.started_at else None,
            due=due,
            paused_minutes=self.paused // timedelta(minutes=1),
        )

    def _priority(self) -> str:
        return self.priority or DEFAULT_PRIORITY


def due_for(
    calendar: BusinessCalendar,
    targets: Targets,
    clock: str,
    priority: str,
    started_at: datetime,
    paused: timedelta,
) -> datetime:
    """The deadline of a clock: its target plus the paused business time, from its start."""
    target = timedelta(minutes=targets.minutes(clock, priority))
    return calendar.add_delta(started_at, target + paused)


def replay(
    events: Sequence[ClockEvent], targets: Targets, calendar: BusinessCalendar
) -> ClockState:
    """The clock after every event, applied in time order (ties keep the given order)."""
    run = _Replay(targets=targets, calendar=calendar)
    for e in sorted(events, key=_event_key):
        if e.kind not in EVENT_KINDS:
            known = ", ".join(EVENT_KINDS)
            raise CalendarError(f"unknown clock event {e.kind!r}; use one of {known}")
        run.apply(e)
    return run.state()


def _event_key(e: ClockEvent) -> int:
    # Naive and aware instants cannot be compared directly; microseconds since the epoch can.
    return to_us(e.at)


def warning_at(
    state: ClockState,
    lead_minutes: int | None,
    calendar: BusinessCalendar,
    targets: Targets,
) -> datetime | None:
    """When to warn agents that the running clock nears its deadline (S-CAL-3).

    `lead_minutes` business minutes before `due`; by default min(15, 25 % of the target)
    so that a short target is not warned about the moment it starts.
    """
    if not state.running or state.due is None or state.clock is None:
        return None
    if lead_minutes is None:
        target = targets.minutes(state.clock, state.priority or DEFAULT_PRIORITY)
        lead_minutes = min(MAX_WARNING_LEAD, target // 4)
    if lead_minutes < 0:
        raise CalendarError(f"a warning lead of {lead_minutes} minutes makes no sense")
    if lead_minutes == 0:
        return state.due
    return calendar.subtract(state.due, lead_minutes)

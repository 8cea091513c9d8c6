"""The replayable SLA clock: start, stop, pause, resume, priority, warnings (S-CAL-2, S-CAL-3)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from yudesk.calendar import MOSCOW, BusinessCalendar
from yudesk.errors import CalendarError
from yudesk.sla.clock import ClockEvent, Targets, replay, warning_at

CAL = BusinessCalendar()
TARGETS = Targets()


def msk(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=MOSCOW)


def start(at: str, priority: str | None = "normal", clock: str = "first_reaction") -> ClockEvent:
    return ClockEvent(msk(at), "start", clock=clock, priority=priority)


def ev(at: str, kind: str, priority: str | None = None) -> ClockEvent:
    return ClockEvent(msk(at), kind, priority=priority)


def test_default_targets() -> None:
    """S-CAL-2: critical 1 business hour, normal 16 business hours, for both clocks."""
    assert TARGETS.first_reaction == {"critical": 60, "normal": 960}
    assert TARGETS.update == {"critical": 60, "normal": 960}


def test_start_sets_the_deadline() -> None:
    """S-CAL-2: a started clock is due target business minutes after its start."""
    state = replay([start("2025-06-02T10:00")], TARGETS, CAL)
    assert state.running and not state.paused
    assert state.clock == "first_reaction" and state.priority == "normal"
    assert state.started_at == msk("2025-06-02T10:00")
    assert state.due == msk("2025-06-03T17:00")
    critical = replay([start("2025-06-02T10:00", "critical")], TARGETS, CAL)
    assert critical.due == msk("2025-06-02T11:00")


def test_start_at_night_counts_from_the_opening() -> None:
    """S-CAL-2: a ticket arriving on 31 December is due an hour after the January opening."""
    state = replay([start("2025-12-31T02:00", "critical")], TARGETS, CAL)
    assert state.due == msk("2026-01-12T10:00")


def test_update_clock_uses_update_targets() -> None:
    """S-CAL-2: the update clock has its own per-priority targets."""
    targets = Targets(update={"critical": 30, "normal": 120})
    state = replay([start("2025-06-02T10:00", clock="update")], targets, CAL)
    assert state.clock == "update" and state.due == msk("2025-06-02T12:00")


def test_stop_ends_the_clock() -> None:
    """S-CAL-2: an agent reaction stops the clock; no deadline remains."""
    state = replay([start("2025-06-02T10:00"), ev("2025-06-02T10:30", "stop")], TARGETS, CAL)
    assert not state.running and not state.paused
    assert state.due is None and state.clock is None


def test_pause_freezes_the_clock() -> None:
    """S-CAL-2: while waiting for the customer there is no deadline to breach."""
    state = replay([start("2025-06-02T10:00"), ev("2025-06-02T11:00", "pause")], TARGETS, CAL)
    assert state.paused and not state.running and state.due is None


def test_resume_moves_the_deadline_by_the_paused_business_time() -> None:
    """S-CAL-2: resuming shifts the deadline by exactly the business time spent paused."""
    before = replay([start("2025-06-02T10:00")], TARGETS, CAL)
    events = [
        start("2025-06-02T10:00"),
        ev("2025-06-02T11:00", "pause"),
        ev("2025-06-03T10:30:20", "resume"),
    ]
    after = replay(events, TARGETS, CAL)
    paused = CAL.business_time(msk("2025-06-02T11:00"), msk("2025-06-03T10:30:20"))
    assert paused == timedelta(hours=8, minutes=30, seconds=20)
    assert after.paused_minutes == 510
    assert before.due is not None and after.due is not None
    assert CAL.business_time(before.due, after.due) == paused
    assert after.due == CAL.add_delta(msk("2025-06-02T10:00"), timedelta(minutes=960) + paused)


def test_pause_outside_business_hours_moves_nothing() -> None:
    """S-CAL-2: a pause over a night or the New Year holidays costs no business time."""
    events = [
        start("2025-12-30T10:00"),
        ev("2025-12-30T18:00", "pause"),
        ev("2026-01-12T09:00", "resume"),
    ]
    state = replay(events, TARGETS, CAL)
    assert state.paused_minutes == 0
    assert state.due == replay([start("2025-12-30T10:00")], TARGETS, CAL).due


def test_two_pauses_add_up() -> None:
    """S-CAL-2: every pause counts; the deadline is start + target + all paused time."""
    events = [
        start("2025-06-02T10:00", "critical"),
        ev("2025-06-02T10:10", "pause"),
        ev("2025-06-02T10:40", "resume"),
        ev("2025-06-02T10:50", "pause"),
        ev("2025-06-02T11:05", "resume"),
    ]
    state = replay(events, TARGETS, CAL)
    assert state.paused_minutes == 45
    assert state.due == msk("2025-06-02T11:45")


def test_priority_change_recomputes_from_the_start() -> None:
    """S-CAL-2: raising the priority gives the running clock the critical target."""
    events = [start("2025-06-02T10:00"), ev("2025-06-02T10:20", "priority", "critical")]
    state = replay(events, TARGETS, CAL)
    assert state.priority == "critical" and state.due == msk("2025-06-02T11:00")
    lowered = replay([*events, ev("2025-06-02T10:30", "priority", "normal")], TARGETS, CAL)
    assert lowered.due == msk("2025-06-03T17:00")


def test_second_start_keeps_the_earlier_clock() -> None:
    """S-CAL-2: a start while a clock runs keeps the earlier, stricter deadline."""
    events = [start("2025-06-02T10:00"), start("2025-06-02T15:00", clock="update")]
    state = replay(events, TARGETS, CAL)
    assert state.clock == "first_reaction" and state.due == msk("2025-06-03T17:00")


def test_start_while_paused_resumes_the_paused_clock() -> None:
    """S-CAL-2: a customer message ends the wait; the paused clock runs on."""
    events = [
        start("2025-06-02T10:00", "critical"),
        ev("2025-06-02T10:30", "pause"),
        start("2025-06-02T14:00", clock="update"),
    ]
    state = replay(events, TARGETS, CAL)
    assert state.running and not state.paused
    assert state.clock == "first_reaction"
    assert state.due == msk("2025-06-02T14:30")


def test_new_clock_after_stop_keeps_the_ticket_priority() -> None:
    """S-CAL-2: an update clock after a reaction uses the ticket's current priority."""
    events = [
        start("2025-06-02T10:00", "critical"),
        ev("2025-06-02T10:20", "stop"),
        start("2025-06-02T12:00", priority=None, clock="update"),
    ]
    state = replay(events, TARGETS, CAL)
    assert state.clock == "update" and state.priority == "critical"
    assert state.due == msk("2025-06-02T13:00")


def test_replay_does_not_depend_on_event_order() -> None:
    """S-CAL-2: events are sorted by time, so arrival order does not matter."""
    events = [
        start("2025-06-02T10:00"),
        ev("2025-06-02T11:00", "pause"),
        ev("2025-06-02T13:00", "resume"),
        ev("2025-06-02T14:00", "priority", "critical"),
        ev("2025-06-02T15:00", "pause"),
        ev("2025-06-03T09:30", "resume"),
    ]
    expected = replay(events, TARGETS, CAL)
    for permutation in itertools.permutations(events):
        assert replay(list(permutation), TARGETS, CAL) == expected


def test_replay_accepts_naive_and_aware_times_together() -> None:
    """S-CAL-2: naive times are Moscow; they sort together with aware ones."""
    events = [
        ClockEvent(datetime(2025, 6, 2, 7, 30, tzinfo=UTC), "stop"),  # 10:30 Moscow
        ClockEvent(datetime(2025, 6, 2, 10, 0), "start", clock="first_reaction"),
    ]
    assert replay(events, TARGETS, CAL).due is None


@pytest.mark.parametrize(
    "event",
    [
        ClockEvent(datetime(2025, 6, 2, 10), "explode"),
        ClockEvent(datetime(2025, 6, 2, 10), "start"),
        ClockEvent(datetime(2025, 6, 2, 10), "start", clock="first_reaction", priority="urgent"),
        ClockEvent(datetime(2025, 6, 2, 10), "priority"),
    ],
)
def test_malformed_events_are_refused(event: ClockEvent) -> None:
    """S-CAL-2: an event the clock cannot understand is an error with a reason."""
    with pytest.raises(CalendarError):
        replay([event], TARGETS, CAL)


def test_warning_default_lead_is_15_minutes_or_a_quarter() -> None:
    """S-CAL-3: warn min(15, 25 % of the target) business minutes before the deadline."""
    state = replay([start("2025-06-02T10:00", "critical")], TARGETS, CAL)
    assert warning_at(state, None, CAL, TARGETS) == msk("2025-06-02T10:45")
    short = Targets(first_reaction={"critical": 20, "normal": 960})
    state = replay([start("2025-06-02T10:00", "critical")], short, CAL)
    assert warning_at(state, None, CAL, short) == msk("2025-06-02T10:15")


def test_warning_lead_crosses_the_night() -> None:
    """S-CAL-3: a lead that reaches before the opening warns the evening before."""
    state = replay([start("2025-06-02T17:10", "critical")], TARGETS, CAL)
    assert state.due == msk("2025-06-03T09:10")
    assert warning_at(state, None, CAL, TARGETS) == msk("2025-06-02T17:55")
    assert warning_at(state, 30, CAL, TARGETS) == msk("2025-06-02T17:40")


def test_no_warning_without_a_running_clock() -> None:
    """S-CAL-3: a stopped or paused clock is never warned about."""
    paused = replay([start("2025-06-02T10:00"), ev("2025-06-02T10:05", "pause")], TARGETS, CAL)
    assert warning_at(paused, None, CAL, TARGETS) is None
    assert warning_at(replay([], TARGETS, CAL), None, CAL, TARGETS) is None

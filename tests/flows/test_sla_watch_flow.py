"""The SLA watch as a Prefect flow and its schedule (S-CAL-3, S-OPS-2)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from models import SlaRecord, Ticket
from models.db import session_scope
from tests.mailkit import deliver, make_mail, register
from yudesk.intake.service import run_intake


def test_sla_watch_flow_records_a_breach_of_an_old_ticket_once(prefect_server, desk) -> None:
    """S-CAL-3: a ticket whose reaction deadline passed gets one breach per deadline."""
    from flows.sla_watch import sla_watch

    register(desk, ("Ромашка", "anna@romashka.ru", "2099-01-01"))
    deliver(desk, make_mail(), at=datetime.now(UTC) - timedelta(days=30))
    run_intake(desk)
    assert sla_watch()["breaches"] == 1
    assert sla_watch()["breaches"] == 0
    with session_scope(desk.url) as s:
        ticket = s.scalars(select(Ticket)).one()
        assert [(r.kind, r.due) for r in s.scalars(select(SlaRecord))] == [("breach", ticket.reaction_due)]


def test_prefect_yaml_schedules_the_sla_watch_every_few_minutes() -> None:
    """S-OPS-2: the sla-watch deployment runs on a schedule of at most five minutes."""
    from deployments.serve import load_deployment_specs

    (spec,) = [s for s in load_deployment_specs() if s["name"] == "sla-watch"]
    assert 0 < spec["schedules"][0]["interval"] <= 300

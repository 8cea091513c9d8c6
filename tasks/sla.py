"""Thin Prefect task over the SLA watch."""

from __future__ import annotations

from datetime import UTC, datetime

from prefect import task

from models.db import session_scope
from yudesk.desk import Desk
from yudesk.sla.watch import scan


@task(name="sla-scan", retries=3, retry_delay_seconds=[2, 10, 30], cache_policy=None)
def sla_scan_task() -> dict[str, int]:
    desk = Desk.from_env()
    with session_scope(desk.url) as session:
        return scan(session, desk.settings, desk.calendar(session), datetime.now(UTC)).as_dict()

"""Thin Prefect tasks over yudesk.intake: retries belong to the engine, logic to the domain."""

from __future__ import annotations

from prefect import task

from yudesk.desk import Desk
from yudesk.intake.service import ingest_next_batch, send_outbox


@task(name="ingest-batch", retries=3, retry_delay_seconds=[2, 10, 30], cache_policy=None)
def ingest_batch_task(transport: str, size: int) -> dict[str, int]:
    """Fetch, store and process up to ``size`` messages of one channel (one transaction)."""
    return ingest_next_batch(Desk.from_env(), transport, size).as_dict()


@task(name="send-outbox", retries=3, retry_delay_seconds=[2, 10, 30], cache_policy=None)
def send_outbox_task() -> dict[str, int]:
    return send_outbox(Desk.from_env()).as_dict()

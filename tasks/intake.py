"""Thin Prefect tasks over yudesk.intake: retries belong to the engine, logic to the domain."""

from __future__ import annotations

from prefect import task

from yudesk.desk import Desk
from yudesk.intake.service import IntakePipeline, send_outbox


@task(name="ingest-batch", retries=3, retry_delay_seconds=[2, 10, 30], cache_policy=None)
def ingest_batch_task(pipeline: IntakePipeline) -> dict[str, int] | None:
    """Store and process the pipeline's next batch (one transaction); None once it is empty.

    A retry writes the same batch again: the pipeline keeps a batch until it is written.
    """
    report = pipeline.step()
    return report.as_dict() if report is not None else None


@task(name="deliver", retries=3, retry_delay_seconds=[2, 10, 30], cache_policy=None)
def finish_pipeline_task(pipeline: IntakePipeline) -> dict[str, int]:
    """Wait for the acks and replies still in flight and record what was sent."""
    return pipeline.finish().as_dict()


@task(name="send-outbox", retries=3, retry_delay_seconds=[2, 10, 30], cache_policy=None)
def send_outbox_task() -> dict[str, int]:
    return send_outbox(Desk.from_env()).as_dict()

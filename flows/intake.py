"""The intake cycle (S-OPS-1): one flow run per cycle, one task run per batch of messages."""

from __future__ import annotations

from prefect import flow

from flows.artifacts import publish_counts
from tasks.intake import finish_pipeline_task, ingest_batch_task, send_outbox_task
from yudesk.desk import Desk
from yudesk.intake.service import IntakePipeline

# A cycle stops after this many batches so a flood cannot keep one run alive for ever;
# the next scheduled run continues where this one stopped.
MAX_BATCHES_PER_CYCLE = 200


@flow(name="intake", log_prints=False)
def intake_cycle(batch_size: int | None = None) -> dict[str, int]:
    desk = Desk.from_env()
    total: dict[str, int] = {}
    for channel in desk.channels.values():
        # The pipeline prepares the next batch and delivers the last one while a task writes.
        with IntakePipeline(desk, channel, size=batch_size) as pipeline:
            for _ in range(MAX_BATCHES_PER_CYCLE):
                report = ingest_batch_task(pipeline)
                if report is None:
                    break
                _accumulate(total, report)
                if report["fetched"] < pipeline.size:
                    break  # a short batch was the end of the backlog
            _accumulate(total, finish_pipeline_task(pipeline))
    _accumulate(total, send_outbox_task())
    publish_counts(
        "intake-cycle", total, "Last intake cycle: messages stored, tickets opened, replies sent"
    )
    return total


def _accumulate(total: dict[str, int], report: dict[str, int]) -> None:
    for key, value in report.items():
        total[key] = total.get(key, 0) + value


if __name__ == "__main__":
    intake_cycle()

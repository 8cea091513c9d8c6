"""SLA watch (S-CAL-3): warnings and breach records, scheduled every few minutes."""

from __future__ import annotations

from prefect import flow

from flows.artifacts import publish_counts
from tasks.sla import sla_scan_task


@flow(name="sla-watch", log_prints=False)
def sla_watch() -> dict[str, int]:
    report = sla_scan_task()
    publish_counts("sla-watch", report, "Last SLA scan: clocks watched, new warnings, new breaches")
    return report


if __name__ == "__main__":
    sla_watch()

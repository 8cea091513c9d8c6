"""SLA watch (S-CAL-3): warnings and breach records, scheduled every few minutes."""

from __future__ import annotations

from prefect import flow
from prefect.artifacts import create_markdown_artifact

from tasks.sla import sla_scan_task


@flow(name="sla-watch", log_prints=False)
def sla_watch() -> dict[str, int]:
    report = sla_scan_task()
    create_markdown_artifact(
        key="sla-watch",
        markdown="| measure | count |\n|---|---|\n"
        + "\n".join(f"| {k} | {v} |" for k, v in report.items()),
        description="Last SLA scan: clocks watched, new warnings, new breaches",
    )
    return report


if __name__ == "__main__":
    sla_watch()

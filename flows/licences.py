"""Reload the licence registry from a CSV file (S-ENT-1), triggered by ops from the UI."""

from __future__ import annotations

from prefect import flow

from flows.artifacts import publish_counts
from tasks.licences import import_registry_task


@flow(name="licence-import", log_prints=False)
def licence_import(path: str) -> dict[str, int]:
    """`path`: a CSV `customer,contact,paid_until` readable by the process serving the flow."""
    report = import_registry_task(path)
    publish_counts("licence-import", report, "Last licence registry import")
    return report

"""Thin Prefect task over the licence registry import."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from prefect import task

from models.db import session_scope
from yudesk.desk import Desk
from yudesk.licences import import_registry, read_registry_csv


@task(name="import-registry", retries=2, retry_delay_seconds=[5, 30], cache_policy=None)
def import_registry_task(path: str) -> dict[str, int]:
    rows = read_registry_csv(Path(path))
    with session_scope(Desk.from_env().url) as session:
        report = import_registry(session, rows)
    return {"rows": len(rows), **asdict(report)}

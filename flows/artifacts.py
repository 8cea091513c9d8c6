"""Reports for ops: a flow's counts as a Markdown table artifact in the Prefect UI (S-OPS-4)."""

from __future__ import annotations

from prefect.artifacts import create_markdown_artifact


def publish_counts(key: str, counts: dict[str, int], description: str) -> None:
    rows = "\n".join(f"| {name} | {value} |" for name, value in counts.items())
    create_markdown_artifact(
        key=key, markdown=f"| measure | count |\n|---|---|\n{rows}", description=description
    )

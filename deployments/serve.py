"""What `yudesk up` runs: the Prefect server, then every deployment of prefect.yaml, served.

Serving (rather than a work pool + worker) runs scheduled flow runs in this one process: the
right shape for one machine. The deployments are built from prefect.yaml so that the file
stays the one description of schedules and parameters.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
PREFECT_YAML = ROOT / "prefect.yaml"


def load_deployment_specs(path: Path = PREFECT_YAML) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["deployments"]


def build_deployments(specs: list[dict[str, Any]]) -> list[Any]:
    built = []
    for spec in specs:
        module_path, _, flow_name = spec["entrypoint"].partition(":")
        module = importlib.import_module(module_path.removesuffix(".py").replace("/", "."))
        flow = getattr(module, flow_name)
        kwargs: dict[str, Any] = {
            "name": spec["name"],
            "description": spec.get("description"),
            "parameters": spec.get("parameters") or {},
            "tags": spec.get("tags") or [],
        }
        schedule = (spec.get("schedules") or [{}])[0]
        if "interval" in schedule:
            kwargs["interval"] = schedule["interval"]
        elif "cron" in schedule:
            kwargs["cron"] = schedule["cron"]
        if spec.get("concurrency_limit"):
            kwargs["concurrency_limit"] = spec["concurrency_limit"]
        built.append(flow.to_deployment(**kwargs))
    return built


def _wait_for_api(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"Prefect server did not answer at {url} within {timeout:.0f} s")


def serve_everything(host: str = "127.0.0.1", port: int = 4200) -> None:
    api = f"http://{host}:{port}/api"
    env = {
        **os.environ,
        "PREFECT_SERVER_API_HOST": host,
        "PREFECT_SERVER_API_PORT": str(port),  # the UI finds its API through this
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_API_URL": api,
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", host, "--port", str(port)],
        env=env,
    )
    try:
        _wait_for_api(api)
        os.environ["PREFECT_API_URL"] = api
        os.environ.setdefault("YUDESK_SOURCE_DIR", str(ROOT))
        from prefect import serve

        print(f"Prefect UI: http://{host}:{port}  (deployments served from {PREFECT_YAML.name})")
        serve(*build_deployments(load_deployment_specs()))
    finally:
        server.terminate()
        server.wait(timeout=30)

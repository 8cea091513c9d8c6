"""The intake cycle as a Prefect flow and its deployment (S-OPS-1, S-OPS-2)."""

from __future__ import annotations

from tests.mailkit import deliver, make_mail, register, sent_mail


def test_intake_flow_turns_the_inbox_into_tickets_and_acknowledgements(
    prefect_server, desk
) -> None:
    """S-OPS-1: one flow run stores, filters, opens tickets and sends the replies."""
    from flows.intake import intake_cycle

    register(desk, ("Ромашка", "anna@romashka.ru", "2099-01-01"))
    for i in range(5):
        deliver(desk, make_mail(subject=f"вопрос {i}"))
    report = intake_cycle()
    assert report["opened"] == 5 and report["sent"] == 5
    assert len(sent_mail(desk)) == 5


def test_backlog_is_processed_in_batches_not_per_message(prefect_server, desk) -> None:
    """S-OPS-1: a backlog costs one flow run and a task run per batch (ARCHITECTURE "Engine")."""
    import asyncio

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    from flows.intake import intake_cycle

    register(desk, ("Ромашка", "anna@romashka.ru", "2099-01-01"))
    for i in range(25):
        deliver(desk, make_mail(subject=f"вопрос {i}"))
    state = intake_cycle(batch_size=10, return_state=True)
    assert state.result()["opened"] == 25

    async def task_runs() -> list[str]:
        async with get_client() as client:
            runs = await client.read_task_runs(
                flow_run_filter=FlowRunFilter(
                    id=FlowRunFilterId(any_=[state.state_details.flow_run_id])
                )
            )
            return [r.name for r in runs]

    names = asyncio.run(task_runs())
    assert sum(n.startswith("ingest-batch") for n in names) == 3  # 10 + 10 + 5
    assert sum(n.startswith("send-outbox") for n in names) == 1


def test_prefect_yaml_schedules_intake_every_minute() -> None:
    """S-OPS-2: the intake deployment exists with a one-minute schedule, built from prefect.yaml."""
    from deployments.serve import build_deployments, load_deployment_specs

    specs = {s["name"]: s for s in load_deployment_specs()}
    assert specs["intake"]["schedules"][0]["interval"] == 60
    (deployment,) = [d for d in build_deployments(list(specs.values())) if d.name == "intake"]
    assert deployment.schedules and deployment.schedules[0].schedule.interval.total_seconds() == 60


def test_licence_import_flow_loads_the_registry_and_is_idempotent(prefect_server, desk, tmp_path) -> None:
    """S-ENT-1, S-OPS-2: ops reload the registry as a deployment; a second run changes nothing."""
    from flows.licences import licence_import

    csv = tmp_path / "reg.csv"
    csv.write_text("customer,contact,paid_until\nРомашка,anna@romashka.ru,2099-01-01\n", encoding="utf-8")
    assert licence_import(str(csv))["contacts_added"] == 1
    again = licence_import(str(csv))
    assert (again["contacts_added"], again["unchanged"]) == (0, 1)

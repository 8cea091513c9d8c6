"""The `yudesk` command line (contract in ARCHITECTURE.md).

Imports stay inside the commands: `yudesk triage` and `yudesk calendar` must start fast and
never load the engine; only `up` and `act` talk to Prefect.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from yudesk.errors import YudeskError

app = typer.Typer(
    help="yudesk: the YUcrm support desk (SLA regulation on Prefect).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
licence_app = typer.Typer(help="The licence registry (S-ENT-1).", no_args_is_help=True)
intake_app = typer.Typer(help="Inbound messages.", no_args_is_help=True)
app.add_typer(licence_app, name="licence")
app.add_typer(intake_app, name="intake")


def _mount_calendar() -> None:
    try:
        from yudesk.calendar.cli import app as calendar_app
    except ImportError:  # pragma: no cover - only while the calendar package is incomplete
        return
    app.add_typer(calendar_app, name="calendar", help="Business calendar and SLA deadlines.")


def _emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=None) + "\n")


def _desk():  # type: ignore[no-untyped-def]
    from yudesk.desk import Desk

    return Desk.from_env()


@app.command()
def init() -> None:
    """Create the database (migrate) and the Maildir folders under $YUDESK_HOME/mail."""
    from models.db import upgrade
    from yudesk.channels.maildir import ensure_maildir

    desk = _desk()
    home = desk.settings.home
    home.mkdir(parents=True, exist_ok=True)
    for box in ("inbox", "outbox"):
        ensure_maildir(desk.settings.maildir_root / box)
    desk.ensure_secret_key()
    upgrade(desk.url)
    typer.echo(f"initialised {home.resolve()} (database: {_safe_url(desk.url)})")


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@licence_app.command("import")
def licence_import(
    file: Annotated[Path, typer.Argument(help="CSV: customer,contact,paid_until")],
) -> None:
    """Load the registry; re-import updates, never duplicates."""
    from models.db import session_scope
    from yudesk.licences import import_registry, read_registry_csv

    rows = read_registry_csv(file)
    with session_scope(_desk().url) as session:
        report = import_registry(session, rows)
    typer.echo(
        f"{len(rows)} rows: {report.customers_added} customers added, "
        f"{report.customers_updated} updated; {report.contacts_added} contacts added, "
        f"{report.contacts_moved} moved, {report.unchanged} unchanged"
    )


@intake_app.command("run")
def intake_run(
    json_out: Annotated[
        bool, typer.Option("--json", help="print the cycle report as JSON")
    ] = False,
) -> None:
    """One intake cycle over every configured channel, then send the outbox."""
    from yudesk.intake.service import run_intake

    report = run_intake(_desk())
    if json_out:
        _emit_json(report.as_dict())
    else:
        typer.echo(" ".join(f"{k}={v}" for k, v in report.as_dict().items()))


def _ticket_table(rows: list[dict[str, Any]], title: str, sla: dict[str, str]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    columns = ("id", "status", "critical", "scope", "customer", "channel", "subject", "due", "sla")
    for column in columns:
        table.add_column(
            column,
            no_wrap=column in ("id", "status", "due"),
            min_width=16 if column == "subject" else None,
        )
    marks = {"breach": "[bold red]BREACH[/]", "warning": "[yellow]warning[/]"}
    for r in rows:
        table.add_row(
            r["id"],
            r["status"],
            "!" if r["critical"] else "",
            r["scope"] or "-",
            r["customer"] or "-",
            r["channel"],
            r["subject"][:60],
            (r["reaction_due"] or "-")[:16].replace("T", " "),  # Moscow time, to the minute
            marks.get(sla.get(r["id"], ""), ""),
        )
    Console().print(table)


def _list(queue: bool, json_out: bool) -> None:
    from models.db import session_scope
    from yudesk.sla.watch import sla_flags
    from yudesk.tickets import all_tickets_query, queue_query, ticket_rows

    with session_scope(_desk().url) as session:
        rows = ticket_rows(session, queue_query() if queue else all_tickets_query())
        sla = {} if json_out else sla_flags(session, [r["id"] for r in rows])
    if json_out:
        _emit_json(rows)
    else:
        _ticket_table(rows, "queue (work order)" if queue else "tickets", sla)


@app.command("tickets")
def tickets_cmd(json_out: Annotated[bool, typer.Option("--json")] = False) -> None:
    """All tickets, oldest first."""
    _list(queue=False, json_out=json_out)


@app.command("queue")
def queue_cmd(json_out: Annotated[bool, typer.Option("--json")] = False) -> None:
    """The agents' queue: critical first, then arrival order (S-PRI-2)."""
    _list(queue=True, json_out=json_out)


@app.command("triage")
def triage_cmd(
    file: Annotated[str, typer.Argument(help="JSON Lines file, or - for standard input")] = "-",
) -> None:
    """JSON Lines in (text, subject?, channel?) → JSON Lines out, same order."""
    from yudesk.triage.jsonl import triage_stream

    if file == "-":
        bad = triage_stream(sys.stdin, sys.stdout)
    else:
        try:
            with open(file, encoding="utf-8") as handle:
                bad = triage_stream(handle, sys.stdout)
        except OSError as exc:
            raise YudeskError(f"cannot read {file}: {exc.strerror}") from exc
    if bad:
        # Every line still got its output line; the exit status tells scripts some were errors.
        raise typer.Exit(1)


@app.command("work")
def work_cmd(json_out: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Open work items for agents (SLA warnings and breaches, ...), oldest first."""
    from sqlalchemy import select

    from models import Ticket, WorkItem
    from models.db import session_scope

    with session_scope(_desk().url) as session:
        rows = [
            {
                "id": w.id,
                "kind": w.kind,
                "ticket": human_id,
                "created_at": w.created_at.isoformat(),
                "detail": w.detail,
            }
            for w, human_id in session.execute(
                select(WorkItem, Ticket.human_id)
                .outerjoin(Ticket, Ticket.id == WorkItem.ticket_id)
                .where(WorkItem.status == "open")
                .order_by(WorkItem.created_at, WorkItem.id)
            )
        ]
    if json_out:
        _emit_json(rows)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="open work items")
    for column in ("id", "kind", "ticket", "created_at", "detail"):
        table.add_column(column)
    for r in rows:
        table.add_row(
            str(r["id"]),
            r["kind"],
            r["ticket"] or "-",
            r["created_at"],
            json.dumps(r["detail"], ensure_ascii=False),
        )
    Console().print(table)


ACTIONS = ("answer", "ask-info", "ask-versions", "handoff", "override-scope", "close")


@app.command()
def act(
    ticket: Annotated[str, typer.Argument(help="ticket ID, e.g. YU-2026-000123")],
    action: Annotated[str, typer.Argument(help=" | ".join(ACTIONS))],
    text: Annotated[
        str | None, typer.Option(help="text for the customer (answer, ask-info)")
    ] = None,
    scope: Annotated[str | None, typer.Option(help="override-scope: the scope class")] = None,
    critical: Annotated[
        bool | None, typer.Option("--critical/--not-critical", help="override-scope: priority")
    ] = None,
    agent: Annotated[
        str | None, typer.Option(envvar="YUDESK_AGENT", help="who acts (audited)")
    ] = None,
) -> None:
    """An agent action on a ticket; audited with the agent's name and surface."""
    import getpass
    from datetime import UTC, datetime

    from models.db import session_scope
    from yudesk import actions

    if action not in ACTIONS:
        raise YudeskError(f"unknown action {action!r}; one of {', '.join(ACTIONS)}")
    desk = _desk()
    calendar = desk.calendar()
    actor = actions.Actor(agent or getpass.getuser(), "cli")
    now = datetime.now(UTC)
    with session_scope(desk.url) as session:
        if action == "override-scope":
            done = actions.override_classification(
                session, desk, calendar, ticket, actor, now, scope=scope, critical=critical
            )
        elif action == "close":
            done = actions.close(session, desk, calendar, ticket, actor, now)
        else:
            done = actions.react(session, desk, calendar, ticket, action, actor, now, text=text)
        summary = f"{done.human_id}: {action} done; status {done.status}, scope {done.scope}"
    if action not in ("override-scope",):
        from yudesk.intake.service import send_outbox

        send_outbox(desk)
    typer.echo(summary)


@app.command()
def up(
    port: Annotated[int, typer.Option(help="Prefect server port")] = 4200,
    host: Annotated[str, typer.Option(help="bind address")] = "127.0.0.1",
) -> None:
    """Start the Prefect server and serve every deployment (what `make run` ends with)."""
    from deployments.serve import serve_everything

    serve_everything(host=host, port=port)


def main() -> None:
    _mount_calendar()
    try:
        app()
    except YudeskError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from None
    except Exception as exc:
        from sqlalchemy.exc import SQLAlchemyError

        if not isinstance(exc, SQLAlchemyError):
            raise
        # The usual causes: `yudesk init` not run yet, or YUDESK_DATABASE_URL unreachable.
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        typer.echo(
            f"error: database: {reason} (has `yudesk init` run? YUDESK_HOME / "
            "YUDESK_DATABASE_URL set?)",
            err=True,
        )
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()

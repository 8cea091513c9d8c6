"""One intake cycle without the engine: fetch → store once → filters → tickets → outbox.

A batch is one transaction: its messages are stored, filtered, turned into tickets and reply
rows together, and only then acknowledged to the channel (Maildir new/ → cur/). A crash at any
point either leaves the batch in the channel to be read again (nothing committed) or commits
it whole (the channel copy is then a duplicate, recognised by its id). If a batch fails, each
message is retried in its own transaction, and a message that still fails is stored with the
reason: one bad message never stops the others and is never lost.

A backlog flows through three overlapping stages (``IntakePipeline``): batch k+1 is prepared
(parsed, scanned for secrets, triaged; prepare.py) while batch k is written here, and the
acks and replies of committed batches go out from a background thread (courier.py).
"""

from __future__ import annotations

import hashlib
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from models import AttachmentRow, Contact, Customer, InboundMessageRow, Ticket
from models.db import session_scope
from yudesk import outbox, tickets
from yudesk.calendar import BusinessCalendar
from yudesk.channels.base import Channel, OutgoingMessage
from yudesk.desk import Desk
from yudesk.intake.context import (
    ENTITLED,
    LICENCE_EXPIRED,
    IntakeContext,
    IntakeEnv,
    KnownContact,
    TicketRef,
)
from yudesk.intake.courier import Courier
from yudesk.intake.message import InboundMessage, RawMessage
from yudesk.intake.pipeline import run_filters
from yudesk.intake.prepare import Prepared, Preparer
from yudesk.replies.render import render
from yudesk.sla import tracking
from yudesk.sla.clock import due_for
from yudesk.vault import mask, mask_everywhere, scan_message

log = logging.getLogger(__name__)
MOSCOW = ZoneInfo("Europe/Moscow")
LOOKAHEAD = 2  # batches read and prepared ahead of the one being written


@dataclass
class IntakeReport:
    fetched: int = 0
    stored: int = 0
    duplicates: int = 0
    quarantined: int = 0
    failed: int = 0
    ignored: int = 0
    opened: int = 0
    appended: int = 0
    not_entitled: int = 0
    replies: int = 0
    suppressed: int = 0
    sent: int = 0
    send_failed: int = 0

    def add(self, other: IntakeReport) -> IntakeReport:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


class _BatchDirectory:
    """Lookups for the filters, backed by the batch's session and preloaded where it pays."""

    def __init__(self, session: Session, senders: Iterable[str]) -> None:
        self.session = session
        self._contacts: dict[str, KnownContact] = {}
        wanted = sorted({s for s in senders if s})
        for i in range(0, len(wanted), 500):
            rows = session.execute(
                select(Contact.address, Contact.id, Customer.id, Customer.name, Customer.paid_until)
                .join(Customer, Customer.id == Contact.customer_id)
                .where(Contact.address.in_(wanted[i : i + 500]))
            )
            for address, contact_id, customer_id, name, paid_until in rows:
                self._contacts[address] = KnownContact(contact_id, customer_id, name, paid_until)
        self._tickets: dict[str, TicketRef | None] = {}

    def contact(self, address: str) -> KnownContact | None:
        return self._contacts.get(address)

    def ticket(self, human_id: str) -> TicketRef | None:
        if human_id not in self._tickets:
            row = self.session.execute(
                select(
                    Ticket.id, Ticket.human_id, Ticket.customer_id, Ticket.sender, Ticket.status
                ).where(Ticket.human_id == human_id)
            ).first()
            self._tickets[human_id] = TicketRef(*row) if row else None
        return self._tickets[human_id]


@dataclass
class _Outcome:
    """What the batch writes, collected first and written in bulk."""

    audit: list[dict[str, Any]] = field(default_factory=list)
    sla: list[dict[str, Any]] = field(default_factory=list)
    replies: list[dict[str, Any]] = field(default_factory=list)
    ticket_updates: list[dict[str, Any]] = field(default_factory=list)
    refresh: set[int] = field(default_factory=set)


def run_intake(
    desk: Desk, *, now: datetime | None = None, limit: int | None = None
) -> IntakeReport:
    """Everything one cycle does, in order: every channel's backlog, then the outbox."""
    report = IntakeReport()
    for channel in desk.channels.values():
        with IntakePipeline(desk, channel, now=now, limit=limit) as pipeline:
            for batch_report in pipeline:
                report.add(batch_report)
            report.add(pipeline.finish())
    report.add(send_outbox(desk))
    return report


@dataclass
class _Batch:
    raws: list[RawMessage]
    prepared: Callable[[], list[Prepared]]
    items: list[Prepared] | None = None  # kept, so a retried step does not prepare twice


class IntakePipeline:
    """One channel's backlog, batch by batch, with preparation and delivery overlapped.

    ``step()`` writes one batch (one transaction, or one per message after a failure) and
    returns its report, or None when the backlog is empty; the engine makes each step a task
    run. A step that raises keeps its batch, so a retried step writes the same messages.
    ``finish()`` waits for the last deliveries and records them.
    """

    def __init__(
        self,
        desk: Desk,
        channel: Channel,
        *,
        size: int | None = None,
        now: datetime | None = None,
        limit: int | None = None,
    ) -> None:
        self.desk = desk
        self.channel = channel
        self.size = size or desk.settings.intake_batch_size
        self._now = now
        self._incoming: Iterator[RawMessage] = iter(channel.fetch(limit))
        use_worker = desk.settings.intake_workers
        self._preparer = Preparer(use_worker)
        self._courier = Courier(desk.sender_channels(), use_worker=use_worker)
        self._current: _Batch | None = None
        self._ahead: deque[_Batch] = deque()  # read and being prepared, in order
        self._finished: IntakeReport | None = None

    def __enter__(self) -> IntakePipeline:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.finish()

    def __iter__(self) -> Iterator[IntakeReport]:
        while (report := self.step()) is not None:
            yield report

    def step(self) -> IntakeReport | None:
        if self._current is None:
            self._current = self._ahead.popleft() if self._ahead else self._take()
            if self._current is None:
                return None
        # Batches prepared while this one is written: two, so that a worker slowed down
        # for a moment (two cores, three processes) does not make the writer wait.
        while len(self._ahead) < LOOKAHEAD and (batch := self._take()) is not None:
            self._ahead.append(batch)
        report = self._write(self._current)
        self._current = None
        return report

    def finish(self) -> IntakeReport:
        """Wait for the deliveries in flight and record the replies they sent."""
        if self._finished is None:
            self._preparer.close()
            self._courier.close()
            self._finished = IntakeReport(sent=self._record_sent(datetime.now(UTC)))
        return self._finished

    def _record_sent(self, now: datetime) -> int:
        keys = self._courier.take_sent()
        if not keys:
            return 0
        try:
            with session_scope(self.desk.url) as session:
                return outbox.mark_sent(session, keys, now)
        except Exception:  # unrecorded sends stay pending: the outbox re-sends them as no-ops
            log.exception("recording %d sent replies failed", len(keys))
            return 0

    def _take(self) -> _Batch | None:
        raws = list(islice(self._incoming, self.size))
        if not raws:
            return None
        if len(raws) == self.size:
            # A full batch: there is a backlog, worth starting the workers. Started before
            # the batch is submitted, so that the first batch goes to the worker too:
            # preparing it here would build a second triage engine (~0.4 s of CPU) in this
            # process, beside the worker's own warm-up, and keep it in memory.
            self._preparer.start()
            self._courier.start_worker()
        return _Batch(raws, self._preparer.submit(self.channel, raws))

    def _write(self, batch: _Batch) -> IntakeReport:
        if batch.items is None:
            batch.items = batch.prepared()
        items, now = batch.items, self._now or datetime.now(UTC)
        replies: list[OutgoingMessage] = []
        sent = self._courier.take_sent()
        try:
            with session_scope(self.desk.url) as session:
                report = _store_and_process(session, self.desk, items, now, replies)
                # Earlier batches' sends, recorded here: one writer, no extra transaction.
                report.sent = outbox.mark_sent(session, sent, now)
        except Exception as exc:
            if isinstance(exc, StoredMeanwhile):  # a concurrent intake, not a fault
                log.info("intake batch overlapped another intake (%s); one by one now", exc)
            else:
                log.exception("intake batch of %d failed; retrying message by message", len(items))
            self._courier.give_back(sent)
            replies = []
            report = IntakeReport()
            for item in items:
                report.add(_ingest_alone(self.desk, item, now, replies))
        report.fetched = len(batch.raws)
        self._courier.deliver(self.channel, [raw.ref for raw in batch.raws], replies)
        return report


def _ingest_alone(
    desk: Desk, item: Prepared, now: datetime, replies: list[OutgoingMessage]
) -> IntakeReport:
    try:
        try:
            report, mine = _store_in_transaction(desk, [item], now)
        except StoredMeanwhile:  # looked at again, it is a duplicate now
            report, mine = _store_in_transaction(desk, [item], now)
    except Exception as exc:
        # Keep it, with the reason: an operator can look at it and re-run it later.
        log.exception("message %s could not be processed", item.raw.ref)
        failed = Prepared(
            item.raw,
            item.transport,
            message=item.message,
            reason=f"processing failed: {type(exc).__name__}: {exc}",
        )
        with session_scope(desk.url) as session:
            _quarantine(session, desk, [failed], now, status="failed")
        return IntakeReport(failed=1)
    replies.extend(mine)  # only once committed
    return report


def _store_in_transaction(
    desk: Desk, items: Sequence[Prepared], now: datetime
) -> tuple[IntakeReport, list[OutgoingMessage]]:
    replies: list[OutgoingMessage] = []
    with session_scope(desk.url) as session:
        report = _store_and_process(session, desk, items, now, replies)
    return report, replies


def _insert_ignoring_duplicates(session: Session, rows: list[dict[str, Any]]) -> dict[str, int]:
    """Insert inbound rows; returns channel_msg_id → id for the rows that were new.

    INSERT … ON CONFLICT DO NOTHING RETURNING, executed for many rows: SQLAlchemy batches it
    into multi-row statements from one cached compilation ("insertmanyvalues"). RETURNING
    yields only the rows actually inserted, which is exactly "new", under a concurrent writer
    too.
    """
    if not rows:
        return {}
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    table = InboundMessageRow.__table__
    stmt = (
        dialect.insert(table)
        .on_conflict_do_nothing(index_elements=[table.c.channel, table.c.channel_msg_id])
        .returning(table.c.id, table.c.channel_msg_id)
    )
    return {msg_id: row_id for row_id, msg_id in session.execute(stmt, rows)}


def _quarantine(
    session: Session,
    desk: Desk,
    items: Sequence[Prepared],
    now: datetime,
    status: str = "quarantined",
) -> int:
    """Keep unparseable input: a file in $YUDESK_HOME/quarantine and a row with the reason."""
    qdir = desk.settings.quarantine_dir
    qdir.mkdir(parents=True, exist_ok=True)
    rows = []
    for item in items:
        digest = hashlib.sha256(item.raw.data).hexdigest()
        # A message that parsed but then failed may carry credentials: keep it sealed then.
        parsed = item.message
        secret = parsed is not None and bool(scan_message(parsed.subject, parsed.text))
        raw, sealed = (b"", desk.vault.seal(item.raw.data)) if secret else (item.raw.data, None)
        path = qdir / (f"{digest}.eml.sealed" if secret else f"{digest}.eml")
        if not path.exists():
            path.write_bytes(sealed or raw)
        rows.append(
            {
                "channel": item.raw.channel,
                "channel_msg_id": f"sha256:{digest}",
                "transport": item.transport,
                "status": status,
                "status_reason": (item.reason or "unparseable")[:500],
                "raw": raw,
                "sealed": sealed,
                "has_secrets": secret,
                "received_at": item.raw.received_at,
                "stored_at": now,
                "in_reply_to": [],
                "headers": [],
                "parse_defects": [],
            }
        )
    return len(_insert_ignoring_duplicates(session, rows))


class StoredMeanwhile(Exception):
    """Another intake stored one of the batch's messages after we looked (PostgreSQL only:
    SQLite has one writer). The batch rolls back and its messages go one by one."""


@dataclass(slots=True)
class _Fresh:
    """A message seen for the first time, and what the batch decided for it."""

    ctx: IntakeContext
    transport: str
    status: str = "processed"  # of the inbound row
    reason: str | None = None
    ticket_id: int | None = None
    opened: tickets.NewTicket | None = None  # the ticket it opens, if it opens one
    human_id: str = ""
    mid: int = 0  # inbound row id, once stored


def _store_and_process(
    session: Session,
    desk: Desk,
    items: Sequence[Prepared],
    now: datetime,
    replies: list[OutgoingMessage],
) -> IntakeReport:
    """Write one batch; ``replies`` receives what to send once the transaction commits.

    Order: which messages are new → filters → tickets → the messages, stored once each with
    their final status and ticket (no UPDATE after the insert) → audit, clocks, replies.
    """
    report = IntakeReport()
    report.quarantined = _quarantine(session, desk, [i for i in items if i.message is None], now)
    parsed = [i for i in items if i.message is not None]
    unique: dict[tuple[str, str], Prepared] = {}
    for item in parsed:
        msg = item.message
        assert msg is not None
        unique.setdefault((msg.channel, msg.channel_msg_id), item)
    stored = _stored_keys(session, list(unique))
    new = [item for key, item in unique.items() if key not in stored]
    report.duplicates = len(parsed) - len(new)
    if not new:
        return report
    # The filters run before storage: the secrets filter decides what may be stored in clear.
    env = _environment(session, desk, [i.message for i in new if i.message], now)
    fresh = [
        _Fresh(run_filters(i.message, env, i.analysis), i.transport)
        for i in new
        if i.message is not None
    ]
    # Overrides read in the batch's own transaction: no extra round trip, one snapshot.
    calendar = desk.calendar(session)
    targets = tracking.targets_from(desk.settings)
    _decide(session, fresh, targets, calendar, report)
    mids = _insert_ignoring_duplicates(session, [_inbound_row(f, now, desk) for f in fresh])
    if len(mids) != len(fresh):
        raise StoredMeanwhile(f"{len(fresh) - len(mids)} of the batch's messages")
    for f in fresh:
        f.mid = mids[f.ctx.message.channel_msg_id]
    report.stored = len(fresh)
    _store_attachments(session, [(f.mid, f.ctx.message) for f in fresh])
    _process(session, desk, calendar, targets, fresh, now, report, replies)
    return report


def _stored_keys(session: Session, keys: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which (channel, channel message id) of ``keys`` are stored already."""
    table = InboundMessageRow.__table__
    found: set[tuple[str, str]] = set()
    by_channel: dict[str, list[str]] = {}
    for channel, msg_id in keys:
        by_channel.setdefault(channel, []).append(msg_id)
    for channel, ids in by_channel.items():
        for i in range(0, len(ids), 500):
            rows = session.execute(
                select(table.c.channel_msg_id).where(
                    table.c.channel == channel, table.c.channel_msg_id.in_(ids[i : i + 500])
                )
            )
            found.update((channel, msg_id) for (msg_id,) in rows)
    return found


def _decide(
    session: Session,
    fresh: Sequence[_Fresh],
    targets: Any,
    calendar: BusinessCalendar,
    report: IntakeReport,
) -> None:
    """Ignore automated mail, attach follow-ups, open tickets for the rest."""
    opening: list[_Fresh] = []
    for f in fresh:
        ctx = f.ctx
        if ctx.stopped:
            report.ignored += 1
            f.status, f.reason = "ignored", ctx.automated
        elif ctx.follow_up is not None:
            report.appended += 1
            f.ticket_id = ctx.follow_up.id
        else:
            f.opened = _new_ticket_spec(ctx, targets, calendar)
            opening.append(f)
    opened = tickets.open_tickets(session, [f.opened for f in opening if f.opened])
    for f, (tid, human_id) in zip(opening, opened, strict=True):
        f.ticket_id, f.human_id = tid, human_id


def _environment(
    session: Session, desk: Desk, messages: Sequence[InboundMessage], now: datetime
) -> IntakeEnv:
    settings = desk.settings
    return IntakeEnv(
        directory=_BatchDirectory(session, (m.sender for m in messages)),
        today=now.astimezone(MOSCOW).date(),
        own_domains=(settings.mail_domain,),
        loop_header=settings.loop_header,
        secret_key=desk.secret_key,
    )


def _inbound_row(fresh: _Fresh, now: datetime, desk: Desk) -> dict[str, Any]:
    ctx, m = fresh.ctx, fresh.ctx.message
    # Mail the chain stopped early (auto-replies) is scanned too: nothing is stored in clear.
    findings = ctx.findings if ctx.findings is not None else scan_message(m.subject, m.text)
    subject, text, headers = m.subject, m.text, list(m.headers)  # JSON stores pairs as arrays
    raw, sealed = m.raw, None
    if findings:
        secrets = [m.subject[s.start : s.end] for s in findings.subject]
        secrets += [m.text[s.start : s.end] for s in findings.text]
        subject, text = mask(m.subject, findings.subject), mask(m.text, findings.text)
        headers = [(name, mask_everywhere(value, secrets)) for name, value in headers]
        raw, sealed = b"", desk.vault.seal(m.raw)
    return {
        "channel": m.channel,
        "channel_msg_id": m.channel_msg_id,
        "transport": fresh.transport,
        "status": fresh.status,
        "status_reason": fresh.reason,
        "ticket_id": fresh.ticket_id,
        "sender": m.sender,
        "sender_name": m.sender_name,
        "subject": subject,
        "text": text,
        "message_id": m.message_id,
        "in_reply_to": list(m.in_reply_to),
        "headers": headers,
        "parse_defects": list(m.parse_defects),
        "raw": raw,
        "sealed": sealed,
        "has_secrets": bool(findings),
        "received_at": m.received_at,
        "stored_at": now,
    }


def _store_attachments(session: Session, fresh: Sequence[tuple[int, InboundMessage]]) -> None:
    rows = [
        {
            "message_id": mid,
            "filename": a.filename,
            "content_type": a.content_type,
            "size": a.size,
            "content": a.content,
            "omitted_reason": a.omitted_reason,
        }
        for mid, m in fresh
        for a in m.attachments
    ]
    if rows:
        session.connection().execute(insert(AttachmentRow.__table__), rows)


def _process(
    session: Session,
    desk: Desk,
    calendar: BusinessCalendar,
    targets: Any,
    fresh: Sequence[_Fresh],
    now: datetime,
    report: IntakeReport,
    replies: list[OutgoingMessage],
) -> None:
    """What follows from the stored messages: audit, SLA clocks, follow-up effects, replies."""
    settings = desk.settings
    out = _Outcome()
    opening = [f for f in fresh if f.opened is not None]
    for f in fresh:
        if f.opened is None and f.ctx.follow_up is not None:
            _append(f.ctx, f.mid, now, out)
    governor = outbox.AutoReplyGovernor.load(
        session,
        settings,
        (f.ctx.message.sender for f in opening),
        (t.id for f in fresh if (t := f.ctx.follow_up) is not None),
        now,
    )
    for f in opening:
        ctx, spec, tid, human_id = f.ctx, f.opened, f.ticket_id, f.human_id
        assert spec is not None and tid is not None
        report.opened += 1
        out.audit.append(
            _audit(
                tid,
                "ticket.opened",
                now,
                {
                    "status": spec.status,
                    "scope": spec.scope,
                    "critical": spec.critical,
                    "message": f.mid,  # the evidence is on the ticket (triage_evidence)
                    "foreign_citations": list(ctx.foreign_citations),
                },
            )
        )
        if spec.status == tickets.NEW:
            priority = tracking.priority_of(spec.critical)
            out.sla.append(
                tracking.event_row(tid, spec.created_at, "start", "first_reaction", priority)
            )
        else:
            report.not_entitled += 1
        kind, context = _reply_for(ctx, spec, human_id, spec.reaction_due, settings.support_name)
        subject, body = render(kind, **context)
        suppressed = governor.verdict(ctx.message.sender, tid, kind)
        report.replies += suppressed is None
        report.suppressed += suppressed is not None
        out.replies.append(
            outbox.reply_row(
                settings,
                desk.secret_key,
                key=f"{kind}:{f.mid}",
                kind=kind,
                channel=ctx.message.channel,
                recipient=ctx.message.sender,
                subject=subject,
                body=body,
                ticket_id=tid,
                ticket_human_id=human_id,
                inbound_id=f.mid,
                in_reply_to=ctx.message.message_id,
                suppressed=suppressed,
                now=now,
            )
        )
    _write(session, out, targets, calendar)
    replies.extend(outbox.outgoing(row) for row in out.replies if row["status"] == "pending")


def _new_ticket_spec(
    ctx: IntakeContext, targets: Any, calendar: BusinessCalendar
) -> tickets.NewTicket:
    msg, triage, contact = ctx.message, ctx.triage, ctx.contact
    status = tickets.NEW if ctx.entitlement == ENTITLED else ctx.entitlement
    evidence = tuple(ctx.evidence) + (tuple(triage.evidence) if triage else ())
    critical = bool(triage and triage.critical)
    due = None
    if status == tickets.NEW:  # the first-reaction clock starts when the message arrived
        # A clock with only its start event: the target from that instant (what replay gives).
        priority = tracking.priority_of(critical)
        due = due_for(calendar, targets, "first_reaction", priority, msg.received_at, timedelta(0))
    return tickets.NewTicket(
        created_at=msg.received_at,
        customer_id=contact.customer_id if contact else None,
        contact_id=contact.contact_id if contact else None,
        sender=msg.sender,
        channel=msg.channel,
        subject=ctx.safe_subject,
        status=status,
        scope=triage.scope if triage else None,
        critical=critical,
        abusive=bool(triage and triage.abusive),
        credentials=ctx.credentials or bool(triage and triage.credentials),
        evidence=evidence,
        reaction_due=due,
    )


def _reply_for(
    ctx: IntakeContext,
    spec: tickets.NewTicket,
    human_id: str,
    due: datetime | None,
    support_name: str,
) -> tuple[str, dict[str, Any]]:
    """Which template answers a new ticket; only this ticket's own data goes into it."""
    common = {"ticket_id": human_id, "subject": spec.subject, "support_name": support_name}
    if spec.status == tickets.NEW:
        return "ack", {
            **common,
            "name": ctx.message.sender_name,
            "reaction_due": due,
            "critical": spec.critical,
        }
    if spec.status == LICENCE_EXPIRED and ctx.contact is not None:
        return "refusal_expired", {
            **common,
            "customer": ctx.contact.customer_name,
            "paid_until": ctx.contact.paid_until,
        }
    return "refusal_unknown", {**common, "sender": ctx.message.sender}


def _append(ctx: IntakeContext, mid: int, now: datetime, out: _Outcome) -> None:
    """A follow-up: attach, reopen a closed ticket, and restart the update clock (S-ACK-2)."""
    ticket = ctx.follow_up
    assert ticket is not None
    triage = ctx.triage
    out.audit.append(_audit(ticket.id, "ticket.follow_up", now, {"message": mid}))
    flags = {
        "abusive": bool(triage and triage.abusive),
        "credentials": ctx.credentials or bool(triage and triage.credentials),
    }
    out.ticket_updates.append(
        {
            "tid": ticket.id,
            "follow_up": True,
            "at": ctx.message.received_at,
            "status": ticket.status,
            **flags,
        }
    )
    if ticket.status in tickets.NOT_ENTITLED or ticket.status == tickets.NEW:
        return  # no clock for a record without entitlement; the first-reaction clock still runs
    at = ctx.message.received_at
    out.sla.append(tracking.event_row(ticket.id, at, "start", "update", None))
    if ticket.status == tickets.WAITING_RELEASE:
        out.sla.append(tracking.event_row(ticket.id, at, "pause"))
    out.refresh.add(ticket.id)


def _audit(
    ticket_id: int | None, action: str, now: datetime, detail: dict[str, Any]
) -> dict[str, Any]:
    return {
        "ticket_id": ticket_id,
        "at": now,
        "actor": "system",
        "surface": "intake",
        "action": action,
        "detail": detail,
    }


def _write(session: Session, out: _Outcome, targets: Any, calendar: BusinessCalendar) -> None:
    conn = session.connection()
    t = Ticket.__table__
    for u in (u for u in out.ticket_updates if u.get("follow_up")):
        values: dict[str, Any] = {"updated_at": u["at"]}
        if u["abusive"]:
            values["abusive"] = True
        if u["credentials"]:
            values["credentials"] = True
        if u["status"] in (tickets.CLOSED, tickets.WAITING_CUSTOMER):
            # The customer answered: a closed ticket reopens, a waiting one is ours again.
            values["status"] = tickets.OPEN
            values["closed_at"] = None
        conn.execute(update(t).where(t.c.id == u["tid"]).values(**values))
    tickets.audit(session, out.audit)
    tracking.append_events(session, out.sla)
    outbox.queue_rows(session, out.replies)
    if out.refresh:
        tracking.refresh_due(session, out.refresh, targets, calendar)


def send_outbox(desk: Desk, limit: int = 1000) -> IntakeReport:
    """Send every pending reply once, a transaction per page of rows."""
    report = IntakeReport()
    channels = desk.sender_channels()
    after_id = 0
    while True:
        with session_scope(desk.url) as session:
            sent, failed, last_id = outbox.send_pending(session, channels, limit, after_id)
        report.sent += sent
        report.send_failed += failed
        if last_id == after_id:
            return report
        after_id = last_id

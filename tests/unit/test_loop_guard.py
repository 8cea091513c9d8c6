"""loop_guard: auto-replies, bounces, lists and our own mail open no ticket, get no reply (S-CH-4).

Each kind is checked on a real-shaped message (tests/data/mail/*.eml, headers as Postfix, Exim,
Exchange, Gmail, Mailman write them) parsed by parse_email, as intake will see it. Header rules
are also checked one by one on a human Outlook message with just that header added.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from yudesk.intake.context import IntakeContext
from yudesk.intake.loop_guard import apply, detect_automated, is_unreplyable_address
from yudesk.intake.mail_parser import parse_email
from yudesk.intake.message import InboundMessage

MAIL = Path(__file__).resolve().parent.parent / "data" / "mail"
OWN = ("yucrm.ru",)


def parse(raw: bytes) -> InboundMessage:
    return parse_email(
        raw,
        received_at=datetime(2026, 2, 2, tzinfo=UTC),
        max_attachment_bytes=1_000_000,
        max_total_attachment_bytes=5_000_000,
    )


def reason_of(name: str) -> str | None:
    return detect_automated(parse((MAIL / name).read_bytes()), own_domains=OWN)


def human_with(*lines: str, subject: str | None = None) -> InboundMessage:
    """The human Outlook message with extra header lines (and optionally another subject)."""
    raw = (MAIL / "outlook_human.eml").read_bytes()
    head, sep, body = raw.partition(b"\r\n\r\n")
    if subject is not None:
        head = b"\r\n".join(
            line for line in head.split(b"\r\n") if not line.startswith(b"Subject:")
        )
        head += b"\r\nSubject: " + subject.encode()
    extra = "".join(f"\r\n{line}" for line in lines).encode()
    return parse(head + extra + sep + body)


def test_the_human_base_message_is_human() -> None:
    """S-CH-4: Outlook mail with X-Mailer, Thread-Index, Precedence: normal, Auto-Submitted: no."""
    assert detect_automated(human_with(), own_domains=OWN) is None


# -- real-shaped automated mail ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("postfix_bounce.eml", "bounce:mailer-daemon"),
        ("gmail_bounce.eml", "bounce:mailer-daemon"),
        ("exchange_ndr_ru.eml", "bounce:postmaster"),
        ("exim_bounce_failed_recipients.eml", "bounce:x-failed-recipients"),
        ("dsn_part_in_mixed.eml", "bounce:delivery-status"),
        ("mdn_read_receipt.eml", "report:disposition-notification"),
        ("gmail_vacation.eml", "auto-submitted:auto-replied"),
        ("exchange_oof_ru.eml", "x-auto-response-suppress:all"),
        ("subject_only_autoreply_ru.eml", "subject:auto-reply"),
        ("mailman_list.eml", "list:list-id"),
        ("esp_newsletter.eml", "list:list-unsubscribe"),
        ("own_ack_forwarded.eml", "own-mail:loop-header"),
        ("own_message_id_only.eml", "own-mail:message-id"),
    ],
)
def test_real_shaped_automated_mail_is_detected(name: str, reason: str) -> None:
    """S-CH-4: every kind of machine-written mail, as real MTAs and mailers write it."""
    assert reason_of(name) == reason


# -- header rules one by one ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("Auto-Submitted: auto-replied", "auto-submitted:auto-replied"),
        ("Auto-Submitted: Auto-Generated", "auto-submitted:auto-generated"),
        ('Auto-Submitted: auto-replied; owner-email="a@b.ru"', "auto-submitted:auto-replied"),
        ("Auto-Submitted: auto-notified", "auto-submitted:auto-notified"),
    ],
)
def test_auto_submitted_other_than_no_is_automated(header: str, reason: str) -> None:
    """S-CH-4: RFC 3834 Auto-Submitted, case-insensitive, with parameters."""
    assert detect_automated(human_with(header), own_domains=OWN) == reason


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("Precedence: bulk", "precedence:bulk"),
        ("Precedence: junk", "precedence:junk"),
        ("Precedence: list", "precedence:list"),
        ("Precedence: auto_reply", "precedence:auto_reply"),
        ("X-Precedence: bulk", "x-precedence:bulk"),
    ],
)
def test_precedence_bulk_junk_list_auto_reply_is_automated(header: str, reason: str) -> None:
    """S-CH-4: Precedence / X-Precedence values used by lists and responders."""
    assert detect_automated(human_with(header), own_domains=OWN) == reason


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("X-Autoreply: yes", "x-autoreply"),
        ("X-Autorespond: Out of office", "x-autorespond"),
        ("X-Autoresponder: 1", "x-autoresponder"),
        ("X-Loop: support@customer.ru", "x-loop"),
        ("Delivered-To: Autoresponder", "delivered-to:autoresponder"),
    ],
)
def test_autoresponder_headers_are_automated(header: str, reason: str) -> None:
    """S-CH-4: X-Autoreply, X-Autorespond, X-Autoresponder, X-Loop present."""
    assert detect_automated(human_with(header), own_domains=OWN) == reason


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("X-Auto-Response-Suppress: All", "x-auto-response-suppress:all"),
        ("X-Auto-Response-Suppress: DR, OOF, AutoReply", "x-auto-response-suppress:oof"),
        ("X-Auto-Response-Suppress: AutoReply", "x-auto-response-suppress:autoreply"),
    ],
)
def test_exchange_auto_response_suppress_is_automated(header: str, reason: str) -> None:
    """S-CH-4: Exchange marks its OOF and rule replies with X-Auto-Response-Suppress."""
    assert detect_automated(human_with(header), own_domains=OWN) == reason


def test_exchange_suppress_of_receipts_only_is_human() -> None:
    """S-CH-4: "DR, RN, NRN" only suppresses receipts; people's Outlook sends it."""
    msg = human_with("X-Auto-Response-Suppress: DR, RN, NRN")
    assert detect_automated(msg, own_domains=OWN) is None


def test_x_failed_recipients_is_a_bounce() -> None:
    """S-CH-4: Exim/Gmail bounces name the failed recipients."""
    msg = human_with("X-Failed-Recipients: buh@customer.ru")
    assert detect_automated(msg, own_domains=OWN) == "bounce:x-failed-recipients"


def test_null_return_path_is_a_bounce() -> None:
    """S-CH-4: Return-Path: <> is how MTAs deliver bounces and notifications."""
    raw = (
        (MAIL / "outlook_human.eml")
        .read_bytes()
        .replace(b"Return-Path: <n.sidorova@corp.customer.ru>", b"Return-Path: <>")
    )
    assert detect_automated(parse(raw), own_domains=OWN) == "bounce:null-return-path"


def test_autoresponder_x_mailer_is_automated() -> None:
    """S-CH-4: an X-Mailer that names an auto-responder program."""
    raw = (
        (MAIL / "outlook_human.eml")
        .read_bytes()
        .replace(b"X-Mailer: Microsoft Outlook 16.0", b"X-Mailer: cPanel Autoresponder 2.1")
    )
    assert detect_automated(parse(raw), own_domains=OWN) == "x-mailer:autoresponder"


@pytest.mark.parametrize(
    "subject",
    [
        "Автоответ: Re: Не работает отчёт",
        "Автоматический ответ: Не работает отчёт",
        "Auto: Out of office until 15 Feb",
        "Automatic reply: Report is broken",
        "Auto-Reply: Report is broken",
        "Out of Office: Report is broken",
        "Out of Office AutoReply: Report is broken",
    ],
)
def test_out_of_office_subject_prefixes_are_automated(subject: str) -> None:
    """S-CH-4: some Russian mailers set only the subject of their auto-reply."""
    msg = human_with(subject=subject)
    assert detect_automated(msg, own_domains=OWN) == "subject:auto-reply"


@pytest.mark.parametrize(
    "subject",
    [
        "Undeliverable: Report is broken",
        "Не доставлено: Не работает отчёт",
        "Undelivered Mail Returned to Sender",
        "Mail delivery failed: returning message to sender",
        "Delivery Status Notification (Failure)",
        "Mail Delivery Failure",
        "Недоставленное сообщение",
    ],
)
def test_bounce_subjects_are_automated(subject: str) -> None:
    """S-CH-4: the subjects MTAs give their failure notices."""
    msg = human_with(subject=subject)
    assert detect_automated(msg, own_domains=OWN) == "subject:bounce"


def test_own_subdomain_message_id_is_own_mail() -> None:
    """S-CH-4: Message-IDs from a subdomain of ours are ours too."""
    raw = (
        (MAIL / "outlook_human.eml")
        .read_bytes()
        .replace(b"<7b2c3d4e5f60@EXCH01.corp.customer.ru>", b"<x.1@Mail.YUcrm.ru>")
    )
    assert detect_automated(parse(raw), own_domains=OWN) == "own-mail:message-id"


def test_custom_loop_header_name_is_honoured() -> None:
    """S-CH-4: the loop header name is a setting."""
    msg = human_with("X-Desk-Loop: 1")
    assert detect_automated(msg, own_domains=OWN, loop_header="X-Desk-Loop") == (
        "own-mail:loop-header"
    )


# -- hard negatives: people ---------------------------------------------------------------------


def test_human_reply_quoting_an_auto_reply_is_human() -> None:
    """S-CH-4: "Re: Автоответ: ..." with the auto-reply quoted is a person writing."""
    assert reason_of("human_reply_quoting_autoreply.eml") is None


def test_postmaster_in_display_name_only_is_human() -> None:
    """S-CH-4: a person whose display name says Postmaster is not a mail system."""
    assert reason_of("postmaster_display_name.eml") is None


def test_customer_forwarding_a_bounce_is_human() -> None:
    """S-CH-4: the delivery-status part inside a forwarded message is not this mail's own."""
    assert reason_of("human_forwards_bounce.eml") is None


def test_auto_submitted_no_is_human() -> None:
    """S-CH-4: RFC 3834 "no" means a person sent it."""
    assert detect_automated(human_with("Auto-Submitted: No"), own_domains=OWN) is None


@pytest.mark.parametrize("value", ["normal", "first-class", "urgent"])
def test_precedence_values_not_in_the_list_are_human(value: str) -> None:
    """S-CH-4: only bulk, junk, list, auto_reply count."""
    msg = human_with(f"Precedence: {value}")
    assert detect_automated(msg, own_domains=OWN) is None


@pytest.mark.parametrize(
    "subject",
    [
        "Автоответ не работает в CRM",
        "Re: Автоответ: Я в отпуске",
        "Fwd: Undeliverable: счёт",
        "Нет на месте кнопки выгрузки",
        "Automatic replies in YUcrm",
    ],
)
def test_subjects_that_merely_mention_auto_replies_are_human(subject: str) -> None:
    """S-CH-4: a customer writing about auto-replies, or replying to one, is heard."""
    assert detect_automated(human_with(subject=subject), own_domains=OWN) is None


def test_customer_message_id_is_not_own_mail() -> None:
    """S-CH-4: a domain that merely ends like ours is not ours."""
    raw = (
        (MAIL / "outlook_human.eml")
        .read_bytes()
        .replace(b"<7b2c3d4e5f60@EXCH01.corp.customer.ru>", b"<x.1@notyucrm.ru>")
    )
    assert detect_automated(parse(raw), own_domains=OWN) is None


def test_non_email_message_without_headers_is_human() -> None:
    """S-CH-4: Telegram/WhatsApp messages carry no headers and are never auto-replies."""
    msg = InboundMessage(
        channel="telegram",
        channel_msg_id="1",
        sender="tg:42",
        subject="",
        text="Автоответ: не работает",
        received_at=datetime(2026, 2, 2, tzinfo=UTC),
        raw=b"",
    )
    assert detect_automated(msg, own_domains=OWN) is None


# -- the filter ---------------------------------------------------------------------------------


def test_apply_stops_the_chain_with_the_reason() -> None:
    """S-CH-4: the pipeline filter records why and stops further filters."""
    env: Any = SimpleNamespace(own_domains=OWN, loop_header="X-YUdesk-Loop")
    ctx = IntakeContext(message=parse((MAIL / "gmail_vacation.eml").read_bytes()))
    apply(ctx, env)
    assert ctx.automated == "auto-submitted:auto-replied"
    assert ctx.stopped


def test_apply_lets_human_mail_through() -> None:
    """S-CH-4: human mail goes on to identify_sender."""
    env: Any = SimpleNamespace(own_domains=OWN, loop_header="X-YUdesk-Loop")
    ctx = IntakeContext(message=parse((MAIL / "outlook_human.eml").read_bytes()))
    apply(ctx, env)
    assert ctx.automated is None


# -- unreplyable addresses ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "noreply@bank.ru",
        "no-reply@accounts.google.com",
        "No_Reply@example.com",
        "donotreply@example.com",
        "do-not-reply@example.com",
        "noreply+12345@example.com",
        "noreply-dmarc-support@google.com",
        "notifications-noreply@example.com",
        "MAILER-DAEMON@mx.customer.ru",
        "mailer-daemon",
        "postmaster@customer.ru",
        "bounce@news.example.com",
        "bounces@lists.example.org",
        "bounces+1234-abcd-support=yucrm.ru@em1234.example.com",
        "bounce-mc.us5_123.456@mail123.mcsv.net",
        "crm-users-request@lists.example.org",
        "owner-crm-users@lists.example.org",
        "Mail Delivery System <MAILER-DAEMON@mx.example.com>",
        "<>",
        "",
    ],
)
def test_unreplyable_addresses_are_recognised(address: str) -> None:
    """S-CH-4: no acknowledgement goes to addresses nobody reads."""
    assert is_unreplyable_address(address)


@pytest.mark.parametrize(
    "address",
    [
        "ivan.petrov@customer.ru",
        "norepair@customer.ru",
        "reply@customer.ru",
        "Postmaster Vasily <v.kuznetsov@customer.ru>",
        "bob@noreply.example.com",
        "tg:123456",
        "wa:79161234567",
    ],
)
def test_ordinary_addresses_are_replyable(address: str) -> None:
    """S-CH-4: people, including those on domains or names that look alike."""
    assert not is_unreplyable_address(address)


@pytest.mark.parametrize("name", sorted(p.name for p in MAIL.glob("*.eml")))
def test_verdict_computed_ahead_is_the_chains_own(name: str) -> None:
    """S-CH-4: the prepare worker checks headers, sender and subject ahead of the chain; the
    filter then adds only the own-mail check, and the verdict is the one it computes alone."""
    from yudesk.intake.analysis import analyse

    msg = parse((MAIL / name).read_bytes())
    env: Any = SimpleNamespace(own_domains=OWN, loop_header="X-YUdesk-Loop")
    alone, ahead = IntakeContext(message=msg), IntakeContext(message=msg, analysis=analyse(msg))
    apply(alone, env)
    apply(ahead, env)
    assert (ahead.automated, ahead.evidence) == (alone.automated, alone.evidence)
    assert ahead.automated == detect_automated(msg, own_domains=OWN)

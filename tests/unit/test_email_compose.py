"""Replies are complete, standard RFC 5322 messages (S-CH-5, S-CH-4)."""

from __future__ import annotations

import email
from email.policy import default

from yudesk.channels.base import OutgoingMessage
from yudesk.channels.email_compose import compose_email


def _compose(**overrides: object) -> email.message.EmailMessage:
    fields = {
        "idempotency_key": "ack:1",
        "channel": "email",
        "recipient": "Анна Смирнова <anna@romashka.ru>",
        "subject": "[YU-2026-000001] Обращение принято: " + "очень длинная тема письма " * 8,
        "body": "Здравствуйте!\n\nВаше обращение зарегистрировано.\n",
        "message_id": "yu.abc@desk.yucrm.ru",
        "in_reply_to": "orig@romashka.ru",
    } | overrides
    raw = compose_email(
        OutgoingMessage(**fields),  # type: ignore[arg-type]
        sender="support@yucrm.ru",
        sender_name="Техническая поддержка YUcrm",
        loop_header="X-YUdesk-Loop",
        mail_domain="desk.yucrm.ru",
    )
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))
    return email.message_from_bytes(raw, policy=default)  # type: ignore[return-value]


def test_reply_parses_back_to_the_same_subject_body_and_addresses() -> None:
    """S-CH-5: what we write is what a standard mail reader reads."""
    msg = _compose()
    assert msg["Subject"] == "[YU-2026-000001] Обращение принято: " + ("очень длинная тема письма " * 8).strip()
    assert msg.get_body(("plain",)).get_content() == "Здравствуйте!\n\nВаше обращение зарегистрировано.\n"
    assert msg["From"].addresses[0].display_name == "Техническая поддержка YUcrm"
    assert msg["To"].addresses[0].addr_spec == "anna@romashka.ru"
    assert msg["In-Reply-To"] == "<orig@romashka.ru>" and msg["Message-ID"] == "<yu.abc@desk.yucrm.ru>"
    assert not msg.defects


def test_automatic_reply_is_marked_and_a_personal_answer_is_not() -> None:
    """S-CH-4: RFC 3834 Auto-Submitted on automatic replies only; our loop header always."""
    assert _compose()["Auto-Submitted"] == "auto-replied"
    personal = _compose(automatic=False)
    assert personal["Auto-Submitted"] is None
    assert personal["X-YUdesk-Loop"] == "desk.yucrm.ru"


def test_header_injection_through_the_subject_is_impossible() -> None:
    """S-CH-4: a subject with line breaks cannot add headers (e.g. a Bcc)."""
    msg = _compose(subject="Тема\r\nBcc: victim@example.com")
    assert msg["Bcc"] is None


def test_long_cyrillic_subject_round_trips_without_splitting_characters() -> None:
    """S-CH-5: every encoded-word is ≤ 75 characters and the subject decodes exactly."""
    subject = "ёжик " * 40 + "конец"
    msg = _compose(subject=subject)
    assert msg["Subject"] == subject


def test_a_single_very_long_word_is_split_between_characters() -> None:
    """S-CH-5: a 100-letter word still encodes to valid, decodable encoded-words."""
    subject = "ж" * 100
    assert _compose(subject=subject)["Subject"] == subject

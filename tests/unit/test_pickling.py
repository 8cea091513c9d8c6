"""What crosses the intake's worker pipes comes back equal (S-OPS-1: a backlog is prepared
in a worker process, and the chain must see exactly what it would have computed itself)."""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from yudesk.intake.analysis import analyse
from yudesk.intake.message import Attachment, InboundMessage
from yudesk.pickling import pickled_by_fields


def test_a_prepared_message_and_its_analysis_survive_the_pipe() -> None:
    message = InboundMessage(
        "email",
        "<a@b>",
        "ivan@example.ru",
        "Не работает CRM",
        "Пароль: Qw3rty!23, у всех ошибка 502",
        datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
        b"raw",
        headers=(("x-mailer", "Outlook"),),
        attachments=(Attachment("log.txt", "text/plain", 3, b"abc"),),
    )
    analysis = analyse(message)
    message.header_values("x-mailer")  # builds the header index, a cache

    again, analysis_again = pickle.loads(pickle.dumps((message, analysis), 5))

    assert again == message
    assert analysis_again == analysis
    assert again._by_name is None  # caches are rebuilt on the other side
    assert again.header("X-Mailer") == "Outlook"


def test_keyword_only_fields_are_refused() -> None:
    with pytest.raises(TypeError):

        @pickled_by_fields
        @dataclass(frozen=True, kw_only=True)
        class Odd:
            a: int
            b: list[int] = field(default_factory=list)

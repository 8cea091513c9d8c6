"""Customer-facing texts: Russian Jinja2 templates in ``templates/``, rendered here only."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

MOSCOW = ZoneInfo("Europe/Moscow")
TEMPLATES = Path(__file__).with_name("templates")
_MONTHS = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip


def ru_date(value: date) -> str:
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year} г."


def ru_datetime(value: datetime) -> str:
    local = value.astimezone(MOSCOW)
    return f"{ru_date(local.date())}, {local:%H:%M}"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,  # a missing variable is a bug, not an empty string
        autoescape=False,  # plain-text mail and messenger texts
        keep_trailing_newline=False,
        auto_reload=False,  # templates ship with the package; no stat() per reply
    )
    env.filters["ru_date"] = ru_date
    env.filters["ru_datetime"] = ru_datetime
    return env


def render(kind: str, **context: Any) -> tuple[str, str]:
    """(subject, body) of the reply ``kind``: ack, refusal_unknown, refusal_expired, ..."""
    env = _environment()
    subject = _run(env.get_template(f"{kind}.subject.j2"), context).strip()
    body = _run(env.get_template(f"{kind}.body.j2"), context).strip() + "\n"
    return " ".join(subject.split()), _collapse_blank_lines(body)


def _run(template: Template, context: dict[str, Any]) -> str:
    # A template sees exactly the variables given, not Jinja's globals (range, dict, ...):
    # merging those into every context was half the cost of a reply, once per intake message.
    # A template that needs one fails loudly (StrictUndefined).
    return "".join(template.root_render_func(template.new_context(context, shared=True)))


def _collapse_blank_lines(text: str) -> str:
    out: list[str] = []
    for line in text.splitlines():
        if line.strip() or (out and out[-1].strip()):
            out.append(line.rstrip())
    return "\n".join(out).strip() + "\n"

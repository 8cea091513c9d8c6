"""One normal form for a sender on any channel, so the registry and intake agree."""

from __future__ import annotations

import re
from email.utils import parseaddr

from yudesk.errors import InputError

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalise_contact(raw: str) -> str:
    """``Ivan <IVAN@Example.ru>`` → ``ivan@example.ru``; ``tg:123``; ``wa:+7 (999) …`` → ``wa:7…``.

    Raises InputError for something that is none of the three kinds.
    """
    value = raw.strip()
    lower = value.lower()
    if lower.startswith("tg:"):
        user_id = lower[3:].strip()
        if not user_id.isdigit():
            raise InputError(f"telegram contact must be tg:<numeric user id>, got {raw!r}")
        return f"tg:{int(user_id)}"
    if lower.startswith("wa:"):
        digits = re.sub(r"\D", "", lower[3:])
        if not 7 <= len(digits) <= 15:  # E.164 allows at most 15 digits
            raise InputError(f"whatsapp contact must be wa:<phone digits>, got {raw!r}")
        return f"wa:{digits}"
    _, address = parseaddr(value)
    address = address.strip().lower()
    if not _EMAIL.match(address):
        raise InputError(f"not an e-mail address, tg:<id> or wa:<digits>: {raw!r}")
    return address


"""Unforgeable Message-IDs: a follow-up's In-Reply-To proves which ticket we wrote about.

A customer (or anyone) can put any Message-ID into In-Reply-To. Ours carry an HMAC of the
ticket ID, so a reference only counts when we really sent it (S-ACK-2).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

_OURS = re.compile(
    r"^yu\.(?P<ticket>YU-\d{4}-\d{6,})\.(?P<nonce>[0-9a-f]{12})\.(?P<mac>[0-9a-f]{20})@"
)


def new_secret() -> str:
    return secrets.token_hex(32)


def _mac(key: str, ticket_id: str, nonce: str) -> str:
    digest = hmac.new(key.encode(), f"{ticket_id}.{nonce}".encode(), hashlib.sha256)
    return digest.hexdigest()[:20]


def make_message_id(key: str, domain: str, ticket_id: str | None, seed: str) -> str:
    """A Message-ID (no angle brackets); ``seed`` makes it deterministic per outbound row."""
    nonce = hashlib.sha256(seed.encode()).hexdigest()[:12]
    if ticket_id is None:
        return f"yu.{nonce}@{domain}"
    return f"yu.{ticket_id}.{nonce}.{_mac(key, ticket_id, nonce)}@{domain}"


def ticket_from_message_id(key: str, message_id: str) -> str | None:
    """The ticket ID a Message-ID of ours was about, or None if it is not ours or forged."""
    match = _OURS.match(message_id.strip().strip("<>"))
    if not match:
        return None
    expected = _mac(key, match["ticket"], match["nonce"])
    return match["ticket"] if hmac.compare_digest(expected, match["mac"]) else None

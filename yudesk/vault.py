"""Credentials customers send (S-CRED-1): masked where stored, the original only encrypted.

A message in which the detector finds a secret is stored with its subject, text and headers
masked; the raw message exists only as a Fernet token (AES-128-CBC + HMAC-SHA256), which is
purged when the ticket closes. The key lives outside the database ($YUDESK_HOME/vault.key or
YUDESK_VAULT_KEY), so a copy of the database alone reveals nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from yudesk.errors import ConfigurationError, YudeskError
from yudesk.pickling import pickled_by_fields
from yudesk.triage import CredentialSpan, find_credentials
from yudesk.triage.credentials import mask_spans


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Findings:
    """Where the secrets of one message are, per field it is stored under."""

    subject: tuple[CredentialSpan, ...]
    text: tuple[CredentialSpan, ...]

    def __bool__(self) -> bool:
        return bool(self.subject or self.text)


def scan_message(subject: str, text: str) -> Findings:
    return Findings(tuple(find_credentials(subject)), tuple(find_credentials(text)))


def mask(text: str, spans: tuple[CredentialSpan, ...]) -> str:
    return mask_spans(text, list(spans)) if spans else text


def mask_everywhere(value: str, secrets: list[str]) -> str:
    """Mask known secret strings wherever they reappear (headers repeat the subject, ...)."""
    for secret in sorted(secrets, key=len, reverse=True):
        if secret:
            value = value.replace(secret, "***")
    return value


def load_or_create_key(path: Path) -> bytes:
    if path.exists():
        return path.read_bytes().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Fernet.generate_key()
    path.write_bytes(key + b"\n")
    path.chmod(0o600)
    return key


class Vault:
    def __init__(self, key: bytes | str) -> None:
        try:
            self._fernet = Fernet(key)
        except (ValueError, TypeError) as exc:
            raise ConfigurationError(
                "the vault key is not a valid Fernet key (32 url-safe base64 bytes)"
            ) from exc

    def seal(self, data: bytes) -> bytes:
        return self._fernet.encrypt(data)

    def unseal(self, token: bytes) -> bytes:
        try:
            return self._fernet.decrypt(token)
        except InvalidToken as exc:
            raise YudeskError("sealed data does not open with this vault key") from exc

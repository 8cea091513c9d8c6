"""The running desk: settings, database URL, signing key and channels, resolved once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from yudesk.errors import ConfigurationError
from yudesk.settings import Settings, get_settings
from yudesk.signing import new_secret

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from yudesk.calendar import BusinessCalendar
    from yudesk.channels.base import Channel
    from yudesk.vault import Vault


@dataclass
class Desk:
    settings: Settings

    @classmethod
    def from_env(cls) -> Desk:
        return cls(get_settings())

    @property
    def url(self) -> str:
        return self.settings.resolved_database_url

    @cached_property
    def secret_key(self) -> str:
        if self.settings.secret_key:
            return self.settings.secret_key
        path = self.settings.secret_key_file
        try:
            return path.read_text().strip()
        except FileNotFoundError:
            raise ConfigurationError(
                f"no signing key at {path}: run `yudesk init` or set YUDESK_SECRET_KEY"
            ) from None

    def ensure_secret_key(self) -> None:
        """Create the signing and vault keys on first `init` (never overwrite them)."""
        from yudesk.vault import load_or_create_key

        if not self.settings.vault_key:
            load_or_create_key(self.settings.vault_key_file)
        path = self.settings.secret_key_file
        if self.settings.secret_key or path.exists():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(new_secret() + "\n")
        path.chmod(0o600)

    @cached_property
    def vault(self) -> Vault:
        from yudesk.vault import Vault

        if self.settings.vault_key:
            return Vault(self.settings.vault_key)
        try:
            return Vault(self.settings.vault_key_file.read_bytes().strip())
        except FileNotFoundError:
            raise ConfigurationError(
                f"no vault key at {self.settings.vault_key_file}: "
                "run `yudesk init` or set YUDESK_VAULT_KEY"
            ) from None

    @cached_property
    def channels(self) -> dict[str, Channel]:
        """Configured transports by name (maildir today; imap, telegram, whatsapp later)."""
        from yudesk.channels.maildir import MaildirChannel

        known = {"maildir": MaildirChannel}
        result: dict[str, Channel] = {}
        for name in self.settings.channels:
            if name not in known:
                raise ConfigurationError(f"unknown channel {name!r}; known: {', '.join(known)}")
            result[name] = known[name](self.settings)
        return result

    def sender_channels(self) -> dict[str, Channel]:
        """Which transport sends replies for each customer-facing channel (S-CH-3)."""
        return {c.channel: c for c in self.channels.values()}

    def calendar(self, session: Session | None = None) -> BusinessCalendar:
        """The production calendar with the operator overrides currently in the database.

        Pass the caller's session when there is one: a second SQLite transaction opened
        inside it would wait for the first one's write lock.
        """
        from models.db import session_scope
        from yudesk.calendar.business import calendar_with
        from yudesk.calendar.store import overrides_in

        if session is not None:
            return calendar_with(overrides_in(session))
        with session_scope(self.url) as own:
            return calendar_with(overrides_in(own))

"""What the filters know about one message, and what they may look up (no DB in the filters)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Protocol

from yudesk.intake.message import InboundMessage

if TYPE_CHECKING:
    from yudesk.intake.analysis import MessageAnalysis
    from yudesk.triage import TriageResult
    from yudesk.vault import Findings

ENTITLED = "entitled"
UNKNOWN_CONTACT = "unknown_contact"
LICENCE_EXPIRED = "licence_expired"


@dataclass(frozen=True, slots=True)
class KnownContact:
    contact_id: int
    customer_id: int
    customer_name: str
    paid_until: date


@dataclass(frozen=True, slots=True)
class TicketRef:
    id: int
    human_id: str
    customer_id: int | None
    sender: str
    status: str


class Directory(Protocol):
    """Read-only lookups a filter may make; the intake service backs them with the DB."""

    def contact(self, address: str) -> KnownContact | None: ...

    def ticket(self, human_id: str) -> TicketRef | None: ...


@dataclass(frozen=True, slots=True)
class IntakeEnv:
    directory: Directory
    today: date  # Moscow date, for the licence check
    own_domains: tuple[str, ...]
    loop_header: str
    secret_key: str  # verifies our signed Message-IDs


@dataclass(slots=True)
class IntakeContext:
    message: InboundMessage
    analysis: MessageAnalysis | None = None  # computed ahead of the chain, when it was
    automated: str | None = None  # why loop_guard stopped the chain
    contact: KnownContact | None = None
    entitlement: str = UNKNOWN_CONTACT
    follow_up: TicketRef | None = None  # the ticket this message is appended to
    foreign_citations: tuple[str, ...] = ()  # cited tickets the sender may not touch
    credentials: bool = False
    findings: Findings | None = None  # where the secrets are, for masking before storage
    triage: TriageResult | None = None
    evidence: list[str] = field(default_factory=list)

    @property
    def stopped(self) -> bool:
        return self.automated is not None

    @property
    def safe_subject(self) -> str:
        """The subject as it may be stored and shown: secrets masked (S-CRED-1)."""
        from yudesk.vault import mask

        if not self.findings:
            return self.message.subject
        return mask(self.message.subject, self.findings.subject)

"""SQLAlchemy 2.0 typed models; importing the package registers every table on Base.metadata."""

from models.base import Base, utcnow
from models.calendar import CalendarOverride
from models.customers import Contact, Customer
from models.messages import AttachmentRow, InboundMessageRow, OutboundMessageRow
from models.tickets import AuditEvent, SlaEvent, SlaRecord, Ticket, TicketCounter, WorkItem

__all__ = [
    "AttachmentRow",
    "AuditEvent",
    "Base",
    "CalendarOverride",
    "Contact",
    "Customer",
    "InboundMessageRow",
    "OutboundMessageRow",
    "SlaEvent",
    "SlaRecord",
    "Ticket",
    "TicketCounter",
    "WorkItem",
    "utcnow",
]

"""The licence registry: CSV import and the entitlement question (S-ENT-1, S-ENT-2)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Contact, Customer
from yudesk.addresses import normalise_contact
from yudesk.errors import InputError

HEADER = ["customer", "contact", "paid_until"]


@dataclass(frozen=True, slots=True)
class RegistryRow:
    customer: str
    contact: str
    paid_until: date


@dataclass(frozen=True, slots=True)
class ImportReport:
    customers_added: int
    customers_updated: int
    contacts_added: int
    contacts_moved: int
    unchanged: int


def read_registry_csv(path: Path) -> list[RegistryRow]:
    """Parse and validate the whole file first: a bad line imports nothing."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read licence file {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"licence file {path} is not UTF-8 text") from exc
    reader = csv.reader(text.splitlines())
    header = [h.strip().lower() for h in next(reader, [])]
    if header != HEADER:
        raise InputError(f"{path}: header must be '{','.join(HEADER)}', got '{','.join(header)}'")
    rows: list[RegistryRow] = []
    paid: dict[str, date] = {}
    for line_no, fields in enumerate(reader, start=2):
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != 3:
            raise InputError(f"{path}:{line_no}: expected 3 fields, got {len(fields)}")
        customer, contact, paid_until = (f.strip() for f in fields)
        if not customer:
            raise InputError(f"{path}:{line_no}: empty customer name")
        try:
            day = date.fromisoformat(paid_until)
        except ValueError as exc:
            raise InputError(
                f"{path}:{line_no}: paid_until must be YYYY-MM-DD, got {paid_until!r}"
            ) from exc
        try:
            address = normalise_contact(contact)
        except InputError as exc:
            raise InputError(f"{path}:{line_no}: {exc}") from exc
        if paid.setdefault(customer, day) != day:
            raise InputError(
                f"{path}:{line_no}: customer {customer!r} has two paid_until dates "
                f"({paid[customer]} and {day}); one licence per customer"
            )
        rows.append(RegistryRow(customer, address, day))
    return rows


def import_registry(session: Session, rows: Iterable[RegistryRow]) -> ImportReport:
    """Upsert customers by name and contacts by address; re-import updates, never duplicates."""
    rows = list(rows)
    customers = {c.name: c for c in session.scalars(select(Customer))}
    contacts = {c.address: c for c in session.scalars(select(Contact))}
    added = updated = contacts_added = moved = unchanged = 0
    for row in rows:
        customer = customers.get(row.customer)
        if customer is None:
            customer = Customer(name=row.customer, paid_until=row.paid_until)
            session.add(customer)
            customers[row.customer] = customer
            added += 1
        elif customer.paid_until != row.paid_until:
            customer.paid_until = row.paid_until
            updated += 1
    session.flush()
    for row in rows:
        customer = customers[row.customer]
        contact = contacts.get(row.contact)
        if contact is None:
            contact = Contact(address=row.contact, customer_id=customer.id)
            session.add(contact)
            contacts[row.contact] = contact
            contacts_added += 1
        elif contact.customer_id != customer.id:
            contact.customer_id = customer.id
            moved += 1
        else:
            unchanged += 1
    return ImportReport(added, updated, contacts_added, moved, unchanged)


def licence_active(paid_until: date, today: date) -> bool:
    """Support runs only within the paid period (1.4); the last paid day is included."""
    return today <= paid_until

"""The licence registry: customers, their contacts and their paid period (S-ENT-1)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    paid_until: Mapped[date]

    contacts: Mapped[list[Contact]] = relationship(back_populates="customer")


class Contact(Base):
    """A way a customer's person writes to us: an e-mail, ``tg:<id>`` or ``wa:<digits>``."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    address: Mapped[str] = mapped_column(String(320), unique=True)

    customer: Mapped[Customer] = relationship(back_populates="contacts")

"""Operator overrides of the production calendar: data, not code (S-CAL-1)."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import String, Time
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class CalendarOverride(Base):
    __tablename__ = "calendar_overrides"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # closed, hours, break, working
    day_from: Mapped[date | None]
    day_to: Mapped[date | None]
    opens: Mapped[time | None] = mapped_column(Time)
    closes: Mapped[time | None] = mapped_column(Time)
    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]
    reason: Mapped[str] = mapped_column(String(500), default="")
    author: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

"""The licence registry import (S-ENT-1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from models import Contact, Customer
from models.db import session_scope
from yudesk.errors import InputError
from yudesk.licences import import_registry, read_registry_csv

CSV = """customer,contact,paid_until
Ромашка,Anna <ANNA@Romashka.ru>,2026-12-31
Ромашка,tg:123456,2026-12-31
Ромашка,wa:+7 (912) 345-67-89,2026-12-31
Лютик,eve@lutik.ru,2025-01-31
"""


def _counts(url: str) -> tuple[int, int]:
    with session_scope(url) as s:
        return (
            s.scalar(select(func.count()).select_from(Customer)) or 0,
            s.scalar(select(func.count()).select_from(Contact)) or 0,
        )


def test_import_normalises_every_contact_kind(db_url, tmp_path: Path) -> None:
    """S-ENT-1: e-mail (lower-cased), tg:<id> and wa:<digits> contacts."""
    path = tmp_path / "reg.csv"
    path.write_text(CSV, encoding="utf-8")
    with session_scope(db_url) as s:
        import_registry(s, read_registry_csv(path))
    with session_scope(db_url) as s:
        addresses = set(s.scalars(select(Contact.address)))
    assert addresses == {"anna@romashka.ru", "tg:123456", "wa:79123456789", "eve@lutik.ru"}


def test_reimport_updates_and_never_duplicates(db_url, tmp_path: Path) -> None:
    """S-ENT-1: importing twice changes nothing; a new paid_until updates in place."""
    path = tmp_path / "reg.csv"
    path.write_text(CSV, encoding="utf-8")
    for _ in range(2):
        with session_scope(db_url) as s:
            import_registry(s, read_registry_csv(path))
    assert _counts(db_url) == (2, 4)
    path.write_text(CSV.replace("2025-01-31", "2027-01-31"), encoding="utf-8")
    with session_scope(db_url) as s:
        report = import_registry(s, read_registry_csv(path))
    assert report.customers_updated == 1 and _counts(db_url) == (2, 4)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name,email,date\nA,a@b.ru,2026-01-01\n", "header"),
        ("customer,contact,paid_until\nA,a@b.ru,31.12.2026\n", ":2: paid_until"),
        ("customer,contact,paid_until\nA,not-an-address,2026-01-01\n", ":2:"),
        (
            "customer,contact,paid_until\nA,a@b.ru,2026-01-01\nA,c@b.ru,2027-01-01\n",
            "two paid_until",
        ),
    ],
)
def test_bad_registry_file_is_refused_whole_with_the_line(
    tmp_path: Path, content: str, message: str
) -> None:
    """S-ENT-1: a bad line names itself and nothing is imported."""
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_registry_csv(path)

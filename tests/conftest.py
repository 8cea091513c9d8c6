"""Shared fixtures: a fresh desk per test on the suite's database (SQLite or PostgreSQL).

The suite runs twice in CI: on SQLite (default) and on PostgreSQL when YUDESK_DATABASE_URL
points at one. Each test gets an empty schema migrated by Alembic.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import text

from models import Base
from models.db import dispose_all, engine_for, upgrade
from yudesk.settings import reset_settings_cache

# Property tests check behaviour; speed is the benchmarks' business (bench/). Without this, one
# slow example on a loaded CI machine fails a calendar property as DeadlineExceeded (or Flaky,
# when the rerun is fast), whatever the code does.
hypothesis_settings.register_profile("yudesk", deadline=None)
hypothesis_settings.load_profile("yudesk")

SUITE_DB_URL = os.environ.get("YUDESK_DATABASE_URL", "")
TEST_SECRET = "0123456789abcdef" * 4
TEST_VAULT_KEY = "q2Y8lYb3k6xK1wZs0o6s2Rk3Xq0mS0uYk4m8l7b9c2E="


def pytest_report_header(config: pytest.Config) -> str:
    return f"yudesk database: {'postgresql' if SUITE_DB_URL.startswith('postgres') else 'sqlite'}"


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "yudesk.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    engine_for(url).dispose()
    return path


@pytest.fixture(scope="session")
def _postgres_migrated() -> str:
    url = SUITE_DB_URL
    engine = engine_for(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    upgrade(url)
    return url


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if SUITE_DB_URL.startswith("postgres"):
        url = request.getfixturevalue("_postgres_migrated")
        tables = ", ".join(t.name for t in reversed(Base.metadata.sorted_tables))
        with engine_for(url).begin() as conn:
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        yield url
        return
    template = request.getfixturevalue("_sqlite_template")
    path = tmp_path / "yudesk.db"
    shutil.copyfile(template, path)
    url = f"sqlite:///{path}"
    yield url
    engine_for(url).dispose()


@pytest.fixture
def home(tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """YUDESK_* pointing at a fresh data dir and database; Maildir folders created."""
    from yudesk.channels.maildir import ensure_maildir

    home = tmp_path / "home"
    monkeypatch.setenv("YUDESK_HOME", str(home))
    monkeypatch.setenv("YUDESK_DATABASE_URL", db_url)
    monkeypatch.setenv("YUDESK_SECRET_KEY", TEST_SECRET)
    monkeypatch.setenv("YUDESK_VAULT_KEY", TEST_VAULT_KEY)
    for box in ("inbox", "outbox"):
        ensure_maildir(home / "mail" / box)
    reset_settings_cache()
    yield home
    reset_settings_cache()


@pytest.fixture
def desk(home: Path):  # type: ignore[no-untyped-def]
    from yudesk.desk import Desk

    return Desk.from_env()


@pytest.fixture(scope="session", autouse=True)
def _dispose_engines() -> Iterator[None]:
    yield
    dispose_all()

"""Engine and sessions for SQLite (default, WAL) and PostgreSQL; schema upgrades via Alembic."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).with_name("migrations")


# JSON as UTF-8, compact: escaping every Cyrillic letter as \uXXXX made headers and evidence
# several times larger and slower to write.
_to_json = functools.partial(json.dumps, ensure_ascii=False, separators=(",", ":"))


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        # hide_parameters: an error message must never carry message text (it may hold secrets).
        engine = create_engine(
            url, connect_args={"timeout": 30}, hide_parameters=True, json_serializer=_to_json
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            # WAL lets the CLI read while an intake cycle writes; busy_timeout makes two
            # concurrent writers wait instead of failing with "database is locked".
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin_immediate(conn):  # type: ignore[no-untyped-def]
            # Take the write lock at BEGIN: a deferred transaction that reads then writes
            # can deadlock against another writer and fail instead of waiting.
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        # pysqlite's own transaction handling must be off for the BEGIN above to be ours.
        @event.listens_for(engine, "connect", insert=True)
        def _sqlite_autocommit_off(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            dbapi_conn.isolation_level = None

        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True, json_serializer=_to_json)


_engines: dict[str, Engine] = {}
_factories: dict[str, sessionmaker[Session]] = {}


def engine_for(url: str) -> Engine:
    """One engine (and pool) per URL for the life of the process."""
    if url not in _engines:
        _engines[url] = make_engine(url)
        _factories[url] = sessionmaker(_engines[url], expire_on_commit=False)
    return _engines[url]


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    engine_for(url)
    session = _factories[url]()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the schema to ``revision`` with Alembic (what `yudesk init` runs)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    with engine_for(url).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def dispose_all() -> None:
    """Close every pooled connection (tests drop databases; forks must not share sockets)."""
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()
    _factories.clear()

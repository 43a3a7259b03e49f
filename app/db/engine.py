"""Engine, session factory and the declarative base (with constraint naming)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Engine, MetaData, TypeDecorator, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from app.config import get_settings

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SQLITE_BUSY_TIMEOUT_MS = 15_000
# Write transactions on SQLite start with BEGIN IMMEDIATE: they queue for the write lock
# (within the busy timeout) instead of failing with "database is locked" when a read
# transaction tries to become a write after another writer committed.
IMMEDIATE_OPTION = "sqlite_begin_immediate"


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite keeps no zone: add it back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def configure_sqlite(engine: Engine) -> None:
    """WAL, foreign keys and a busy timeout on every connection; real BEGINs for savepoints.

    pysqlite's own transaction handling defers BEGIN and breaks SAVEPOINT; the documented
    recipe turns it off and emits BEGIN (IMMEDIATE for write sessions) from SQLAlchemy.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "memory":
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get(IMMEDIATE_OPTION)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def create_db_engine(url: str) -> Engine:
    if is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        )
        configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


@lru_cache
def get_engine(url: str | None = None) -> Engine:
    return create_db_engine(url or get_settings().db_url)


@lru_cache
def get_sessionmaker(url: str | None = None, *, write: bool = False) -> sessionmaker[Session]:
    """Sessions on the configured database; `write=True` for ones that will write."""
    engine = get_engine(url)
    if write:
        engine = engine.execution_options(**{IMMEDIATE_OPTION: True})
    return sessionmaker(bind=engine, expire_on_commit=False)


def get_session() -> Iterator[Session]:
    """One session per request (a FastAPI dependency), reading in plain transactions.

    Nothing a request reads (who is asking, duplicate look-ups, pages) takes SQLite's write
    lock; what writes opens a short write transaction with `begin_write` or
    `write_transaction` once it knows what to store (after extraction, for uploads).
    """
    with get_sessionmaker()() as session:
        yield session


def end_read(session: Session) -> None:
    """End the session's read transaction, if any (loaded objects stay usable)."""
    if session.in_transaction():
        session.commit()


def begin_write(session: Session) -> None:
    """End any read transaction and begin a write one (SQLite: BEGIN IMMEDIATE, queued for
    the write lock within the busy timeout). The caller commits or rolls back."""
    end_read(session)
    session.connection(execution_options={"sqlite_begin_immediate": True})


@contextmanager
def write_transaction(session: Session) -> Iterator[Session]:
    """A write transaction around the block: committed at its end, rolled back on error."""
    begin_write(session)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise


# Tables a bulk import grows; their statistics plan the foreign-key checks of every row.
GROWN_BY_IMPORTS = ("articles", "article_bands", "events", "troop_levels", "article_actors")


def analyze_if_grown(session: Session, tables: tuple[str, ...] = GROWN_BY_IMPORTS) -> bool:
    """PostgreSQL: refresh the planner's statistics of tables that grew far past them.

    A table vacuumed while empty is recorded as holding 0 rows; until autovacuum analyzes
    it again, the foreign-key checks of inserted rows and the duplicate look-ups can be
    planned (and cached, per connection) as scans of the whole table, which made a
    10,000-row import run for over an hour in the test suite.
    Compares each table's size on disk with the size its statistics give (cheap: no scan),
    and analyzes the tables that outgrew them. True when it analyzed. SQLite: nothing to do.
    """
    if session.get_bind().dialect.name != "postgresql":
        return False
    grown: list[str] = list(
        session.execute(
            text(
                "SELECT relname FROM pg_class WHERE relname = ANY(:names) AND relkind = 'r' "
                "AND pg_relation_size(oid) / current_setting('block_size')::int > 2 * relpages + 8"
            ),
            {"names": list(tables)},
        ).scalars()
    )
    names = [name for name in grown if name in tables]
    for name in names:
        session.execute(text(f"ANALYZE {name}"))  # a name from `tables`, never from input
    return bool(names)

"""Alembic environment: URL from the app's settings (or a connection handed in by the app)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

import app.models  # noqa: F401  (registers every table on Base.metadata)
from app.config import get_settings
from app.db.engine import Base, create_db_engine

config = context.config
target_metadata = Base.metadata

# Database objects the models do not describe: the full-text index (FTS5 table and its shadow
# tables on SQLite, a GIN expression index on PostgreSQL), made by a hand-written migration.
UNMODELLED_PREFIX = "articles_fts"


def include_name(name: str | None, type_: str, _parents: dict[str, str | None]) -> bool:
    if type_ == "table" and name and name.startswith(UNMODELLED_PREFIX):
        return False
    return not (type_ == "index" and name == "ix_" + UNMODELLED_PREFIX)


def run_with(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url") or get_settings().db_url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_with(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or get_settings().db_url
    engine = create_db_engine(url)
    try:
        with engine.connect() as conn:
            run_with(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

"""Applying and inspecting Alembic migrations from the app (CLI, start-up, health check).

`upgrade_database` is what `db upgrade`, `serve` and `ingest` run first; it imports the
database layer when called, so that the health check and Alembic's env import this cheaply.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from app.config import PROJECT_ROOT


def alembic_config(url: str) -> Config:
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


@lru_cache
def head_revision() -> str | None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return script.get_current_head()


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def sqlite_file_missing(url: str) -> Path | None:
    """The path of a SQLite database file that does not exist yet, else None."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    path = Path(parsed.database or "")
    return None if path.exists() else path


def upgrade_database() -> None:
    """Migrate to head (saying what changed), load the actor vocabulary, and give incidents
    to events that have none (the ones stored before migration 9d41c7e2a8b6)."""
    from app import store
    from app.config import get_settings
    from app.db.engine import get_engine, get_sessionmaker
    from app.incidents.upkeep import keep_current

    url = get_settings().db_url
    engine = get_engine()
    before = None if sqlite_file_missing(url) else current_revision(engine)
    head = head_revision()
    if before == head:
        print(f"database already at {head}: nothing to migrate")  # noqa: T201
    else:
        upgrade(url)
        print(f"migrated the database from {before or '(empty)'} to {head}")  # noqa: T201
    with get_sessionmaker(write=True)() as session, session.begin():
        store.sync_actors(session=session)
        keep_current(session, always=True)  # events stored before incidents existed

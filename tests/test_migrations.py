"""Migrations upgrade to head, match the models, and downgrade to base on a real SQLite file."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, inspect
from sqlalchemy.pool import NullPool

from app import migrate
from tests.dbutil import fresh_database_url

EXPECTED_TABLES = {
    "articles",
    "events",
    "troop_levels",
    "actors",
    "actor_aliases",
    "article_actors",
    "users",
    "api_tokens",
    "audit_log",
}


def table_names(url: str) -> set[str]:
    engine = create_engine(url, poolclass=NullPool)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_check_and_downgrade_on_a_temporary_sqlite_file(tmp_path: Path) -> None:
    url = fresh_database_url(tmp_path, "migrated")
    migrate.upgrade(url)
    assert table_names(url) >= EXPECTED_TABLES
    command.check(migrate.alembic_config(url))  # raises if the models drifted from migrations
    migrate.downgrade(url, "base")
    assert table_names(url) == set()


def test_events_have_the_timeline_indexes(tmp_path: Path) -> None:
    url = fresh_database_url(tmp_path, "indexes")
    migrate.upgrade(url)
    engine = create_engine(url, poolclass=NullPool)
    indexes = {ix["name"]: ix["column_names"] for ix in inspect(engine).get_indexes("events")}
    engine.dispose()
    assert indexes["ix_events_month_type"] == ["month", "type"]
    assert indexes["ix_events_type_date"] == ["type", "date"]

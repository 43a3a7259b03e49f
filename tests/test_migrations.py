"""Migrations upgrade to head, match the models, and downgrade to base on a real SQLite file."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, inspect
from sqlalchemy.pool import NullPool

from app.db import migrate
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


def test_downgrading_and_upgrading_again_keeps_near_duplicate_signatures(tmp_path: Path) -> None:
    from sqlalchemy import create_engine, func, select
    from sqlalchemy.orm import Session

    from app.ingestion import Upload, ingest_uploads
    from app.models import Article, ArticleBand

    url = f"sqlite:///{tmp_path / 'round_trip.db'}"
    migrate.upgrade(url)
    engine = create_engine(url)
    report = (
        "Rockets near base\n\nKata'ib Hezbollah fired rockets at a base hosting US troops "
        "on Monday, officials said. There are about 2,500 US troops in Iraq."
    )
    with Session(engine) as session:
        ingest_uploads(session=session, uploads=[Upload(name="r", data=report.encode())])
        session.commit()
        before = session.scalar(select(Article.minhash))
    engine.dispose()
    assert before is not None

    migrate.downgrade(url, "5c1d0e7a9b42")
    migrate.upgrade(url)

    engine = create_engine(url)
    with Session(engine) as session:
        assert session.scalar(select(Article.minhash)) == before
        assert session.scalar(select(func.count()).select_from(ArticleBand)) > 0
    engine.dispose()

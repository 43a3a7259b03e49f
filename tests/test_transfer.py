"""`export` then `import` into an empty database loses nothing, field by field."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session

from app import store
from app.accounts.tokens import create_token
from app.db import migrate, transfer
from app.db.engine import create_db_engine
from app.models import AuditLog
from tests.dbutil import fresh_database_url
from tests.factories import make_article, make_event, make_troop_level, make_user


def migrated(url: str) -> Engine:
    migrate.upgrade(url)
    return create_db_engine(url)


def fill(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        store.sync_actors(session=session)
        user = make_user(session, email="ed@example.org")
        create_token(session=session, user=user, name="script")
        article = make_article(
            session,
            title='=HYPERLINK("x") rockets',
            original=b"\x00\xffraw bytes",
            media_type="text/plain",
            uploaded_by_id=user.id,
            text="Ünïcödé text — “quoted”.",
        )
        make_article(session, duplicate_of_id=article.id, published=None)
        make_event(
            session,
            article,
            machine_output={"type": "attack", "nested": [1, 2]},
            extra_evidence=[{"evidence": "x", "start": 1, "end": 2}],
            killed=3,
        )
        make_troop_level(session, article, machine_output={"count": 5000})
        session.execute(
            insert(AuditLog).values(
                user_id=user.id,
                action="correct",
                entity="events",
                entity_id=1,
                article_id=article.id,
                before={"actor": None},
                after={"actor": "Badr"},
                at=dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
                reason="checked",
            )
        )


def snapshot(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    with engine.connect() as conn:
        return {t.name: list(transfer.table_rows(conn, t)) for t in transfer.tables()}


def normalise(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Compare datetimes as UTC instants (SQLite drops the zone, PostgreSQL keeps it)."""

    def fix(value: Any) -> Any:
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            return value.astimezone(dt.UTC).replace(tzinfo=None)
        return value

    return [{k: fix(v) for k, v in row.items()} for row in rows]


def test_round_trip_keeps_every_field_of_every_table(tmp_path: Path) -> None:
    source = migrated(fresh_database_url(tmp_path, "source"))
    fill(source)
    with source.connect() as conn:
        counts = transfer.export_dataset(conn, tmp_path / "export")
    assert counts["articles"] == 2 and counts["audit_log"] == 1

    target = migrated(fresh_database_url(tmp_path, "target"))
    with target.begin() as conn:
        transfer.import_dataset(conn, tmp_path / "export")

    before, after = snapshot(source), snapshot(target)
    for table in before:
        assert normalise(after[table]) == normalise(before[table]), table
    # New rows still get fresh ids after an import (PostgreSQL sequences moved on).
    with Session(target) as session, session.begin():
        assert make_article(session).id == 3
    source.dispose()
    target.dispose()


def test_csv_export_is_safe_for_spreadsheets(tmp_path: Path) -> None:
    engine = migrated(fresh_database_url(tmp_path))
    fill(engine)
    with engine.connect() as conn:
        transfer.export_dataset(conn, tmp_path / "export")
    with (tmp_path / "export" / "articles.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["title"] == '\'=HYPERLINK("x") rockets'
    assert rows[0]["text"] == "Ünïcödé text — “quoted”."
    manifest = json.loads((tmp_path / "export" / "manifest.json").read_text())
    assert manifest["revision"] == migrate.head_revision()
    engine.dispose()


def test_import_refuses_a_database_that_is_not_empty(tmp_path: Path) -> None:
    engine = migrated(fresh_database_url(tmp_path))
    fill(engine)
    with engine.connect() as conn:
        transfer.export_dataset(conn, tmp_path / "export")
    with pytest.raises(transfer.TransferError, match="not empty"), engine.begin() as conn:
        transfer.import_dataset(conn, tmp_path / "export")
    with engine.connect() as conn:
        assert len(conn.execute(select(AuditLog)).all()) == 1
    engine.dispose()


def test_import_refuses_a_folder_that_is_not_an_export(tmp_path: Path) -> None:
    engine = migrated(fresh_database_url(tmp_path))
    with pytest.raises(transfer.TransferError, match="manifest"), engine.begin() as conn:
        transfer.import_dataset(conn, tmp_path)
    engine.dispose()


def edit_line(path: Path, number: int, change: dict[str, Any]) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    row = json.loads(lines[number - 1])
    row.update(change)
    lines[number - 1] = json.dumps(row)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


ALTERATIONS = {
    "bad role": ("users.jsonl", {"role": "owner"}, "users.jsonl, line 1: role: 'owner'"),
    "dangling reference": (
        "events.jsonl",
        {"article_id": 999},
        "events.jsonl, line 1: article_id: no articles row with id 999",
    ),
    "bad date": (
        "articles.jsonl",
        {"published": "2020-13-45"},
        "articles.jsonl, line 1: published:",
    ),
    "missing field": ("events.jsonl", {"type": None}, "events.jsonl, line 1: type: missing"),
}


@pytest.mark.parametrize("alteration", list(ALTERATIONS), ids=list(ALTERATIONS))
def test_an_altered_export_is_refused_row_by_row_and_nothing_is_written(
    tmp_path: Path, alteration: str
) -> None:
    source = migrated(fresh_database_url(tmp_path, "source"))
    fill(source)
    with source.connect() as conn:
        transfer.export_dataset(conn, tmp_path / "export")
    source.dispose()
    name, change, message = ALTERATIONS[alteration]
    edit_line(tmp_path / "export" / name, 1, change)
    target = migrated(fresh_database_url(tmp_path, "target"))
    with pytest.raises(transfer.TransferError) as refused, target.begin() as conn:
        transfer.import_dataset(conn, tmp_path / "export")
    assert message in str(refused.value) and "nothing was written" in str(refused.value)
    with target.connect() as conn:
        assert conn.execute(select(AuditLog)).all() == []
    target.dispose()


def test_a_truncated_export_names_the_line_where_it_stops(tmp_path: Path) -> None:
    source = migrated(fresh_database_url(tmp_path, "source"))
    fill(source)
    with source.connect() as conn:
        transfer.export_dataset(conn, tmp_path / "export")
    source.dispose()
    events = tmp_path / "export" / "events.jsonl"
    events.write_text(events.read_text(encoding="utf-8")[:40], encoding="utf-8")
    target = migrated(fresh_database_url(tmp_path, "target"))
    refused = pytest.raises(transfer.TransferError, match=r"events.jsonl, line 1: not a JSON row")
    with refused, target.begin() as conn:
        transfer.import_dataset(conn, tmp_path / "export")
    target.dispose()

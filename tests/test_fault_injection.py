"""A failure halfway through storing an article (its events written, its troop levels not
yet) leaves no trace of it, and the next upload works."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session, sessionmaker

from app.accounts.tokens import create_token
from app.db import migrate
from app.db.engine import IMMEDIATE_OPTION, create_db_engine, get_session
from app.main import create_app
from app.models import Article, ArticleActor, Event, TroopLevel
from tests.dbutil import fresh_database_url
from tests.factories import make_user

REPORT = (
    "Rockets hit base\n\nKata'ib Hezbollah fired rockets at Ain al-Asad air base on Monday. "
    "There are about 2,500 US troops in Iraq."
)


class InjectedFault(RuntimeError):
    pass


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Engine]:
    url = fresh_database_url(tmp_path, "faults")
    migrate.upgrade(url)
    engine = create_db_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture
def api(database: Engine) -> Iterator[tuple[TestClient, dict[str, str]]]:
    make = sessionmaker(bind=database.execution_options(**{IMMEDIATE_OPTION: True}))
    with make() as session, session.begin():
        token = create_token(session=session, user=make_user(session, role="editor"))

    def session_dep() -> Iterator[Session]:
        with make() as session:
            yield session

    application = create_app()
    application.dependency_overrides[get_session] = session_dep
    with TestClient(application, raise_server_exceptions=False) as client:
        yield client, {"Authorization": f"Bearer {token}"}


def counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            model.__tablename__: int(session.scalar(select(func.count()).select_from(model)) or 0)
            for model in (Article, Event, TroopLevel, ArticleActor)
        }


def test_failure_after_events_before_troop_levels_leaves_nothing(
    database: Engine, api: tuple[TestClient, dict[str, str]]
) -> None:
    client, auth = api
    seen: list[str] = []

    def fail_on_troop_levels(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement.split("(")[0].strip())
        if statement.startswith("INSERT INTO troop_levels"):
            raise InjectedFault("disk full while writing troop levels")

    event.listen(database, "before_cursor_execute", fail_on_troop_levels)
    try:
        response = client.post("/api/articles", headers=auth, data={"text": REPORT})
    finally:
        event.remove(database, "before_cursor_execute", fail_on_troop_levels)

    assert response.status_code >= 500
    assert "INSERT INTO events" in seen  # the events had been written when it failed
    assert counts(database) == {"articles": 0, "events": 0, "troop_levels": 0, "article_actors": 0}

    again = client.post("/api/articles", headers=auth, data={"text": REPORT})
    assert again.status_code == 201
    stored = counts(database)
    assert stored["articles"] == 1 and stored["events"] >= 1 and stored["troop_levels"] == 1

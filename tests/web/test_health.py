"""/healthz tells a migrated database from a missing or unmigrated one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.db import migrate
from app.db.engine import create_db_engine
from app.main import create_app
from app.web.deps import get_db_engine
from tests.dbutil import fresh_database_url, sqlite_only


def client_for(engine: Engine) -> Iterator[TestClient]:
    application = create_app()
    application.dependency_overrides[get_db_engine] = lambda: engine
    with TestClient(application) as test_client:
        yield test_client
    engine.dispose()


@pytest.fixture
def missing_db_client(tmp_path: Path) -> Iterator[TestClient]:
    yield from client_for(create_db_engine(f"sqlite:///{tmp_path / 'nowhere' / 'x.db'}"))


@pytest.fixture
def unmigrated_db_client(tmp_path: Path) -> Iterator[TestClient]:
    url = fresh_database_url(tmp_path, "empty")
    if url.startswith("sqlite"):
        (tmp_path / "empty.db").touch()
    yield from client_for(create_db_engine(url))


def test_migrated_database_is_ok(engine: Engine) -> None:
    for test_client in client_for(engine):
        response = test_client.get("/healthz")
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "ok"
        assert body["revision"] == migrate.head_revision()


@sqlite_only
def test_missing_database_file_is_an_error(missing_db_client: TestClient, tmp_path: Path) -> None:
    response = missing_db_client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert "does not exist" in response.json()["detail"]
    assert not (tmp_path / "nowhere" / "x.db").exists()  # the check creates nothing


def test_unmigrated_database_is_an_error(unmigrated_db_client: TestClient) -> None:
    response = unmigrated_db_client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["revision"] is None
    assert "db upgrade" in body["detail"]

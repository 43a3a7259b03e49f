"""Shared fixtures: a real SQLite file migrated with Alembic, a rolled-back session per test,
and the app's test client with that session injected."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app import migrate
from app.config import get_settings
from app.db import create_db_engine, get_engine, get_session, get_sessionmaker
from app.main import create_app
from tests.dbutil import TEST_DATABASE_URL

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV_CORPUS = SHARED / "corpus" / "dev"


@pytest.fixture(autouse=True, scope="session")
def isolated_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Point the app's data folder at a temporary one for the whole run."""
    data_dir = tmp_path_factory.mktemp("data")
    patch = pytest.MonkeyPatch()
    patch.setenv("TRACKER_DATA_DIR", str(data_dir))
    patch.delenv("TRACKER_DATABASE_URL", raising=False)
    if TEST_DATABASE_URL:
        patch.setenv("DATABASE_URL", TEST_DATABASE_URL)
    else:
        patch.delenv("DATABASE_URL", raising=False)
    clear_caches()
    yield data_dir
    patch.undo()
    clear_caches()


def clear_caches() -> None:
    get_settings.cache_clear()
    get_engine.cache_clear()
    get_sessionmaker.cache_clear()


@pytest.fixture(scope="session")
def engine(isolated_settings: Path) -> Iterator[Engine]:  # noqa: ARG001
    """The migrated database file of the run (after the settings point at the temp folder)."""
    url = get_settings().db_url
    migrate.upgrade(url)
    engine = create_db_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session whose commits land in a savepoint that is rolled back after the test."""
    with engine.connect() as connection:
        transaction = connection.begin()
        with Session(bind=connection, join_transaction_mode="create_savepoint") as session:
            yield session
        transaction.rollback()


@pytest.fixture
def client(session: Session) -> Iterator[TestClient]:
    application = create_app()
    application.dependency_overrides[get_session] = lambda: session
    with TestClient(application) as test_client:
        yield test_client


@pytest.fixture
def dev_corpus() -> Path:
    if not DEV_CORPUS.is_dir():
        pytest.skip("../shared/corpus/dev is not beside the project")
    return DEV_CORPUS

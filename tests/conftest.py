"""Shared fixtures: a real SQLite file migrated with Alembic, a rolled-back session per test,
and the app's test client with that session injected."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import profiles
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.accounts import passwords
from app.config import get_settings
from app.db import migrate
from app.db.engine import create_db_engine, get_session
from app.main import create_app
from tests.cli_runner import clear_caches
from tests.dbutil import TEST_DATABASE_URL

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV_CORPUS = SHARED / "corpus" / "dev"
TESTS = Path(__file__).resolve().parent
# The extractor is pure: every test of tests/pipeline/ is `nodb` (other modules say so themselves).
NO_DATABASE_FOLDERS = (TESTS / "pipeline",)
DATABASE_FIXTURES = frozenset({"engine", "session", "client", "database"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests/pipeline/ `nodb`; refuse a `nodb` test that asks for a database fixture."""
    for item in items:
        if any(folder in item.path.parents for folder in NO_DATABASE_FOLDERS):
            item.add_marker(pytest.mark.nodb)
        uses = DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ()))
        if item.get_closest_marker("nodb") and uses:
            raise pytest.UsageError(f"{item.nodeid} is marked nodb but uses {sorted(uses)}")


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


@pytest.fixture(autouse=True, scope="session")
def cheap_password_hashing() -> Iterator[None]:
    """Argon2 at its cheapest under test (production cost: tests/test_password_cost.py)."""
    passwords.use_hash_parameters(profiles.CHEAPEST)
    yield
    passwords.use_hash_parameters(passwords.PRODUCTION_PARAMETERS)


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

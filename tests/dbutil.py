"""Which database the suite runs on, and fresh empty databases for tests that need their own.

`make test` runs the suite twice: on SQLite files, then with TEST_DATABASE_URL pointing at a
throwaway PostgreSQL server (scripts/with_postgres.sh).
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL") or None
IS_POSTGRES = TEST_DATABASE_URL is not None

sqlite_only = pytest.mark.skipif(IS_POSTGRES, reason="checks a SQLite-specific behaviour")


def fresh_database_url(tmp_path: Path, name: str = "fresh") -> str:
    """An empty database: a new SQLite file, or a new database on the PostgreSQL test server."""
    if TEST_DATABASE_URL is None:
        return f"sqlite:///{tmp_path / (name + '.db')}"
    database = f"t_{name}_{uuid.uuid4().hex[:10]}".lower()
    admin = create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{database}"'))
    admin.dispose()
    return make_url(TEST_DATABASE_URL).set(database=database).render_as_string(hide_password=False)

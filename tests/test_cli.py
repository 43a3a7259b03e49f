"""The command line through `app.cli.parser.main(argv)` in-process; one test runs
`python -m app`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from app.accounts.passwords import verify_password
from app.config import PROJECT_ROOT
from app.db import migrate
from app.models import User
from tests.cli_runner import Done, run_cli
from tests.dbutil import fresh_database_url

CONTRACT_KEYS = {
    "file",
    "title",
    "published",
    "published_source",
    "actors",
    "troop_levels",
    "events",
}


def run_app(*args: str, data_dir: Path, stdin: str = "", database_url: str | None = None) -> Done:
    return run_cli(*args, data_dir=data_dir, database_url=database_url, stdin=stdin)


@pytest.mark.slow
def test_python_m_app_runs_as_a_user_runs_it(tmp_path: Path) -> None:
    """The one subprocess: the entry point, the environment and the exit code end to end."""
    url = fresh_database_url(tmp_path)
    env = {**os.environ, "TRACKER_DATA_DIR": str(tmp_path), "DATABASE_URL": url}
    env.pop("TRACKER_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "app", "db", "upgrade"],
        capture_output=True, text=True, cwd=PROJECT_ROOT, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"migrated the database from (empty) to {migrate.head_revision()}" in done.stdout
    refused = subprocess.run(
        [sys.executable, "-m", "app", "users", "create", "x@y.org", "--password-stdin"],
        input="short\n", capture_output=True, text=True, cwd=PROJECT_ROOT, env=env, timeout=120,
    )  # fmt: skip
    assert refused.returncode == 1 and "at least 10 characters" in refused.stderr


def test_an_unknown_subcommand_is_refused_with_usage(tmp_path: Path) -> None:
    done = run_app("frobnicate", data_dir=tmp_path)
    assert done.returncode == 2 and "invalid choice" in done.stderr


def test_users_create_stores_a_hashed_password(tmp_path: Path) -> None:
    url = fresh_database_url(tmp_path)
    assert run_app("db", "upgrade", data_dir=tmp_path, database_url=url).returncode == 0
    done = run_app(
        "users",
        "create",
        "Ana@Example.org",
        "--role",
        "editor",
        "--password-stdin",
        data_dir=tmp_path,
        database_url=url,
        stdin="correct horse battery\n",
    )
    assert done.returncode == 0, done.stderr
    assert "created editor ana@example.org" in done.stdout

    engine = create_engine(url, poolclass=NullPool)
    with Session(engine) as session:
        user = session.scalars(select(User)).one()
    engine.dispose()
    assert user.role == "editor"
    assert "correct horse" not in user.password_hash
    assert user.password_hash.startswith("$argon2")
    assert verify_password(user.password_hash, "correct horse battery")


def test_users_create_refuses_a_duplicate_and_a_short_password(tmp_path: Path) -> None:
    db = {"data_dir": tmp_path, "database_url": fresh_database_url(tmp_path)}
    run_app("db", "upgrade", **db)
    args = ("users", "create", "a@b.org", "--password-stdin")
    assert run_app(*args, stdin="long enough pw\n", **db).returncode == 0
    again = run_app(*args, stdin="long enough pw\n", **db)
    assert again.returncode == 1 and "already exists" in again.stderr
    short = run_app("users", "create", "c@d.org", "--password-stdin", stdin="short\n", **db)
    assert short.returncode == 1 and "at least 10 characters" in short.stderr


def test_db_upgrade_twice_migrates_nothing_new(tmp_path: Path) -> None:
    db = {"data_dir": tmp_path, "database_url": fresh_database_url(tmp_path)}
    first = run_app("db", "upgrade", **db)
    assert first.returncode == 0
    assert f"migrated the database from (empty) to {migrate.head_revision()}" in first.stdout
    second = run_app("db", "upgrade", **db)
    assert second.returncode == 0
    assert "already at" in second.stdout and "migrated" not in second.stdout
    assert run_app("db", "current", **db).stdout.strip() == migrate.head_revision()


def test_extract_prints_one_json_line_per_file_in_order(tmp_path: Path) -> None:
    first = tmp_path / "one.txt"
    first.write_text("Militia threatens US forces\n\nThe group warned on Monday.\n")
    second = tmp_path / "two.txt"
    second.write_text("Talks open\n\nIraq and the US held talks on Tuesday.\n")
    done = run_app(
        "extract", "--published", "2020-01-08", str(first), str(second), data_dir=tmp_path / "data"
    )
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [Path(r["file"]).name for r in rows] == ["one.txt", "two.txt"]
    for row in rows:
        assert row.keys() >= CONTRACT_KEYS
        assert row["published"] == "2020-01-08"
        assert row["published_source"] == "given"
    assert not (tmp_path / "data").exists()  # extract never touches the database


def test_extract_reports_an_unreadable_file_and_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("A headline\n\nSome text.\n")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(f"path,published\nmissing.txt,2020-01-01\n{good},2020-02-02\n")
    done = run_app("extract", "--manifest", str(manifest), data_dir=tmp_path)
    assert done.returncode == 0
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(rows) == 2
    assert "error" in rows[0] and "missing.txt" in rows[0]["file"]
    assert rows[1]["published"] == "2020-02-02"


@pytest.mark.parametrize("bad", ["2020-13-01", "yesterday"], ids=["bad-month", "word"])
def test_extract_refuses_a_malformed_published_date_per_file(tmp_path: Path, bad: str) -> None:
    good = tmp_path / "good.txt"
    good.write_text("A headline\n\nSome text.\n")
    done = run_app("extract", "--published", bad, str(good), data_dir=tmp_path)
    row = json.loads(done.stdout)
    assert "YYYY-MM-DD" in row["error"]

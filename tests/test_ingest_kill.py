"""A bulk import killed outright (SIGKILL: no clean-up at all) keeps only whole articles,
leaves no worker processes behind, and running it again finishes the job without storing
anything twice."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from app.config import PROJECT_ROOT
from app.db import migrate
from app.ingestion.dedup import BANDS
from app.models import Article, ArticleBand, Event
from tests.dbutil import fresh_database_url
from tests.test_ingest_cli import app_env, run_ingest, summary

pytestmark = pytest.mark.slow

TOTAL = 400


def write_reports(folder: Path) -> None:
    folder.mkdir()
    for n in range(TOTAL):
        (folder / f"{n:05d}.txt").write_text(
            f"Report {n} from the northern desk\n\nKata'ib Hezbollah warned on Monday that it "
            f"would attack US forces at base {n * 7} unless they leave within {n % 30 + 2} "
            f"days, a statement numbered {n * 13} said. Officers counted {n * 3} vehicles.\n"
        )


def children_of(pid: int) -> list[int]:
    """The processes whose parent is `pid` (Linux /proc)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line
            )
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid):
            found.append(int(status.parent.name))
    return found


def test_a_killed_import_keeps_whole_articles_and_a_rerun_completes(tmp_path: Path) -> None:
    url = fresh_database_url(tmp_path, "killed")
    migrate.upgrade(url)
    engine = create_engine(url, poolclass=NullPool)
    folder = tmp_path / "reports"
    write_reports(folder)

    def stored() -> int:
        with Session(engine) as session:
            return int(session.scalar(select(func.count()).select_from(Article)) or 0)

    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "ingest", str(folder), "--batch-size", "10"],
        cwd=PROJECT_ROOT, env=app_env(tmp_path, url),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 180
    while stored() < 15 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = children_of(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert workers, "the import should run with worker processes"
    gone_by = time.monotonic() + 15
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < gone_by:
        time.sleep(0.1)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()], "orphaned workers"

    kept = stored()
    assert 0 < kept < TOTAL, "the kill should land mid-run"
    with Session(engine) as session:
        bands = dict(
            session.execute(
                select(ArticleBand.article_id, func.count()).group_by(ArticleBand.article_id)
            ).all()
        )
        with_events = session.scalar(select(func.count(func.distinct(Event.article_id))))
    # Every article that survived has all of its rows: its events and its last rows (bands).
    assert len(bands) == kept and set(bands.values()) == {BANDS}
    assert with_events == kept

    rerun = run_ingest(str(folder), data_dir=tmp_path, url=url)
    assert rerun.returncode == 0, rerun.stderr
    counts = summary(rerun.stdout)
    # Near duplicates (these reports share most words) are stored too, linked to an original.
    assert counts["stored"] + counts["near-duplicate"] == TOTAL - kept
    assert counts["duplicate"] == kept and counts["failed"] == 0
    assert stored() == TOTAL
    with Session(engine) as session:  # the rerun resolved the killed run's events too
        assert session.scalar(select(func.count()).where(Event.incident_id.is_(None))) == 0
    engine.dispose()

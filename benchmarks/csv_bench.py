"""A big CSV upload: N templated, near-identical rows stored in one transaction, as
POST /api/articles stores them (prepare, then batches of 500 with near-duplicate checks).

    .venv/bin/python benchmarks/csv_bench.py [--rows 10000] [--runs 3] [--database-url URL]
                                             [--empty-stats]

Each run uses a fresh database: a temporary SQLite file, or a new database on the
PostgreSQL server that --database-url names (its user must be allowed to create one).
--empty-stats (PostgreSQL) runs VACUUM ANALYZE on the empty tables first, so the planner
starts from statistics that say "empty": the state in which the near-duplicate look-up once
went quadratic. Reports the median time and rows per second.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, make_url, text
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.config import normalise_database_url  # noqa: E402
from app.db import migrate  # noqa: E402
from app.ingestion import Upload  # noqa: E402
from app.ingestion.batch import ingest_uploads  # noqa: E402

EMPTY_TABLES = ("articles", "article_bands", "article_actors", "events", "troop_levels")


def make_csv(rows: int) -> bytes:
    """Rows that differ only in their numbers: many share LSH bands."""
    lines = "".join(
        f"Report {i},2021-05-{i % 28 + 1:02d},Wire,Statement {i}: a Kata'ib Hezbollah official "
        f"spoke about checkpoint {i * 13}.\n"
        for i in range(rows)
    )
    return ("title,date,source,text\n" + lines).encode()


def fresh_url(server: str | None, scratch: Path) -> str:
    if server is None:
        return f"sqlite:///{scratch / (uuid.uuid4().hex + '.db')}"
    name = f"csv_bench_{uuid.uuid4().hex[:10]}"
    with create_engine(server, isolation_level="AUTOCOMMIT").connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def one_run(url: str, body: bytes, *, empty_stats: bool) -> float:
    migrate.upgrade(url)
    if empty_stats and url.startswith("postgresql"):
        with create_engine(url, isolation_level="AUTOCOMMIT").connect() as conn:
            for table in EMPTY_TABLES:
                conn.execute(text(f"VACUUM ANALYZE {table}"))
    engine = create_engine(url)
    with engine.connect() as conn:
        outer = conn.begin()
        session = Session(bind=conn, join_transaction_mode="create_savepoint")
        start = time.perf_counter()
        outcomes = ingest_uploads(session=session, uploads=[Upload("rows.csv", body, "rows.csv")])
        elapsed = time.perf_counter() - start
        outer.rollback()
    engine.dispose()
    if any(o.status == "failed" for o in outcomes):
        raise SystemExit("some rows failed: the benchmark's rows must all be stored")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", help="a PostgreSQL server (default: SQLite files)")
    parser.add_argument("--empty-stats", action="store_true")
    args = parser.parse_args()
    server = normalise_database_url(args.database_url) if args.database_url else None
    body = make_csv(args.rows)
    with tempfile.TemporaryDirectory() as scratch:
        times = [
            one_run(fresh_url(server, Path(scratch)), body, empty_stats=args.empty_stats)
            for _ in range(args.runs)
        ]
    median = statistics.median(times)
    backend = "PostgreSQL" if server else "SQLite"
    runs = ", ".join(f"{t:.1f}" for t in times)
    rate = args.rows / median
    line = (
        f"{args.rows} CSV rows, {backend}: {median:.1f} s median ({rate:.0f} rows/s; runs: {runs})"
    )
    print(line)  # noqa: T201


if __name__ == "__main__":
    main()

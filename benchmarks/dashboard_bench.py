"""Dashboard speed at scale: 1,000,000 events in 200,000 articles (generated), reporting
about 250,000 incidents (1 to 7 reports each, 4 on average), which the timelines count.

    .venv/bin/python benchmarks/dashboard_bench.py [--events N] [--articles N] [--repeat N]
                                                    [--database-url URL]

Fills a fresh database (a temporary SQLite file unless --database-url names an empty
PostgreSQL database) with generated articles, events and troop figures (Core executemany),
then times every /api/timeline/ endpoint through the app (FastAPI TestClient: routing,
filters, queries, serialisation), and the same statements run as bare SQL through the DBAPI
cursor. Reports medians. Goal: every endpoint under 100 ms, within 1.5x its bare SQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TYPES = ["threat", "attack", "us_strike", "ceasefire", "withdrawal_demand", "talks"]
TYPE_WEIGHTS = [25, 35, 12, 5, 13, 10]
ACTORS = [
    None, "Kata'ib Hezbollah", "US", "Islamic Resistance in Iraq", "Asa'ib Ahl al-Haq",
    "Harakat Hezbollah al-Nujaba", "Kata'ib Sayyid al-Shuhada", "Badr Organization",
    "Popular Mobilization Forces", "Iraqi government", "Iraqi parliament", "Iran",
    "Iraqi Resistance Coordination Committee", "Saraya Awliya al-Dam", "Ashab al-Kahf",
    "Kata'ib Imam Ali", "Saraya al-Salam", "Harakat Ansar Allah al-Awfiya",
    "Saraya Khorasani", "Usbat al-Thairin", "Qasim al-Jabbarin", "Rab'allah",
]  # fmt: skip
ACTOR_WEIGHTS = [30, 15, 12, 8, 6, 5, 3, 3, 3, 4, 2, 2, 1, 1, 1, 1, 1, 0.5, 0.5, 0.3, 0.3, 0.3]
PLACES = [None] + [f"Place {i}" for i in range(60)]
PLACE_WEIGHTS = [40] + [60 / (i + 1) for i in range(60)]  # Zipf-like: a few places dominate
STATES = ["unreviewed", "accepted", "corrected", "rejected"]
STATE_WEIGHTS = [85, 8, 2, 5]
MONTHS = [dt.date(2017 + i // 12, i % 12 + 1, 1) for i in range(108)]
EVIDENCE = (
    "Rockets struck a base hosting US troops near the airport on Monday, officials said, "
    "and a faction claimed the attack in a statement posted online."
)
CHUNK = 50_000

CASES: dict[str, dict[str, Any]] = {
    "no filter": {},
    "faction + 3 years": {
        "actor": ["Kata'ib Hezbollah"],
        "date_from": "2020-01-01",
        "date_to": "2022-12-31",
    },
    "reviewed attacks+strikes": {"reviewed_only": "true", "event_type": ["attack", "us_strike"]},
    "location": {"location": "Place 3"},
}
ENDPOINTS = ["events-by-month", "tension", "attacks-vs-strikes", "factions", "actors", "troops"]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--troops", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--database-url", help="an empty PostgreSQL database (default: SQLite)")
    parser.add_argument(
        "--keep", metavar="DIR", help="keep the SQLite database in DIR; reuse it when it is there"
    )
    return parser.parse_args()


def configure(args: argparse.Namespace, folder: Path) -> str:
    """Point the app at the benchmark's database before anything reads the settings."""
    os.environ["TRACKER_DATA_DIR"] = str(folder)
    os.environ["TRACKER_LOAD_SAMPLE"] = "false"
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    from app.config import get_settings

    get_settings.cache_clear()
    return get_settings().db_url


def article_rows(n: int, rng: random.Random) -> Iterator[dict[str, Any]]:
    uploaded = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    for i in range(1, n + 1):
        month = rng.choice(MONTHS)
        yield {
            "id": i,
            "title": f"Generated article {i}",
            "outlet": f"Outlet {i % 40}",
            "published": month.replace(day=rng.randint(1, 28)),
            "published_source": "given",
            "text": f"Generated article {i}. {EVIDENCE}",
            "content_hash": f"{i:064x}",
            "status": "extracted",
            "duplicate_of_id": rng.randint(1, i - 1) if i > 1 and rng.random() < 0.05 else None,
            "uploaded_at": uploaded,
        }


def incident_rows(n_events: int, rng: random.Random) -> list[dict[str, Any]]:
    """Incidents with their attributes and how many reports each has (`reports`)."""
    incidents: list[dict[str, Any]] = []
    told = 0
    while told < n_events:
        month = rng.choice(MONTHS)
        reports = min(rng.randint(1, 7), n_events - told)
        told += reports
        incidents.append(
            {
                "id": len(incidents) + 1,
                "type": rng.choices(TYPES, TYPE_WEIGHTS)[0],
                "actor": rng.choices(ACTORS, ACTOR_WEIGHTS)[0],
                "date": month.replace(day=rng.randint(1, 28)),
                "date_precision": "day",
                "month": month,
                "location": rng.choices(PLACES, PLACE_WEIGHTS)[0],
                "reports": reports,
                "outlets": reports,
                "confidence": 0.7,
                "states": rng.choices(STATES, STATE_WEIGHTS, k=reports),
                "review_state": "automatic",
                "updated_at": dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
            }
        )
        states = incidents[-1]["states"]
        # As resolution sets them: counted when a report counts, reviewed when one was checked.
        incidents[-1]["counted"] = any(state != "rejected" for state in states)
        incidents[-1]["reviewed"] = any(state in ("accepted", "corrected") for state in states)
    return incidents


def event_rows(
    incidents: list[dict[str, Any]], articles: int, rng: random.Random
) -> Iterator[dict[str, Any]]:
    for incident in incidents:
        for state in incident["states"]:
            yield event_row(incident, articles, rng) | {"review_state": state}


def event_row(incident: dict[str, Any], articles: int, rng: random.Random) -> dict[str, Any]:
    """One report of `incident` (its attributes, as resolution would have given them)."""
    return {
        "article_id": rng.randint(1, articles),
        "incident_id": incident["id"],
        "type": incident["type"],
        "actor": incident["actor"],
        "date": incident["date"],
        "date_precision": "day",
        "month": incident["month"],
        "location": incident["location"],
        "evidence": EVIDENCE,
        "evidence_start": 0,
        "evidence_end": len(EVIDENCE),
        "extra_evidence": [],
        "confidence": 0.7,
        "origin": "machine",
    }


def troop_rows(n: int, articles: int, rng: random.Random) -> Iterator[dict[str, Any]]:
    for _ in range(n):
        month = rng.choice(MONTHS)
        yield {
            "article_id": rng.randint(1, articles),
            "country": "US",
            "location": rng.choice(["Iraq", "Iraq", "Iraq", "Syria"]),
            "count": rng.choice([900, 2000, 2500, 3000, 5200]),
            "qualifier": rng.choice(["exact", "about", "over"]),
            "as_of": month.replace(day=rng.randint(1, 28)),
            "figure_type": "reported",
            "evidence": "About 2,500 US troops are in Iraq.",
            "evidence_start": 0,
            "evidence_end": 34,
            "origin": "machine",
            "review_state": "unreviewed",
        }


def insert_all(conn: Any, table: Any, rows: Iterator[dict[str, Any]]) -> None:
    from sqlalchemy import insert

    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == CHUNK:
            conn.execute(insert(table), batch)
            batch = []
    if batch:
        conn.execute(insert(table), batch)


def fill(url: str, args: argparse.Namespace) -> None:
    from app import store
    from app.db import migrate
    from app.db.engine import get_engine, get_sessionmaker
    from app.models import Article, Event, Incident, IncidentDirty, TroopLevel

    migrate.upgrade(url)
    with get_sessionmaker()() as session, session.begin():
        store.sync_actors(session=session)
    rng = random.Random(20240128)
    started = time.perf_counter()
    with get_engine().begin() as conn:
        insert_all(conn, Article.__table__, article_rows(args.articles, rng))
        incidents = incident_rows(args.events, rng)
        columns = {c.name for c in Incident.__table__.columns}
        rows = ({k: v for k, v in i.items() if k in columns} for i in incidents)
        insert_all(conn, Incident.__table__, rows)
        insert_all(conn, Event.__table__, event_rows(incidents, args.articles, rng))
        # The generated incidents carry their attributes already: nothing to resolve.
        conn.execute(IncidentDirty.__table__.delete())
        insert_all(conn, TroopLevel.__table__, troop_rows(args.troops, args.articles, rng))
    if get_engine().dialect.name == "sqlite":
        with get_engine().connect() as conn:  # as after a quiet moment: the WAL folded in
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    print(
        f"filled: {args.articles:,} articles, {args.events:,} events "
        f"({len(incidents):,} incidents), {args.troops:,} troop "
        f"figures in {time.perf_counter() - started:.1f} s"
    )


def build_rollup() -> None:
    from sqlalchemy import func, select

    from app.db.engine import get_sessionmaker
    from app.models import TimelineCount
    from app.timeline import refresh_counts

    started = time.perf_counter()
    with get_sessionmaker()() as session:
        refresh_counts(session=session)
        rows = session.scalar(select(func.count()).select_from(TimelineCount))
    print(f"rollup built on first read: {rows:,} rows in {time.perf_counter() - started:.1f} s")


@dataclass(frozen=True)
class Timing:
    """Medians in milliseconds: wall clock, and CPU time of this process (all threads), which
    a busy machine inflates far less than the wall clock."""

    wall: float
    cpu: float


def timed(call: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return time.perf_counter() - wall, time.process_time() - cpu


def medians(samples: list[tuple[float, float]]) -> Timing:
    return Timing(
        wall=statistics.median(w for w, _ in samples) * 1000,
        cpu=statistics.median(c for _, c in samples) * 1000,
    )


def paired(first: Callable[[], object], second: Callable[[], object], repeat: int) -> Any:
    """Time two calls alternately (so a change in the machine's load hits both alike)."""
    for _ in range(2):
        first()
        second()
    a: list[tuple[float, float]] = []
    b: list[tuple[float, float]] = []
    for _ in range(repeat):
        a.append(timed(first))
        b.append(timed(second))
    return medians(a), medians(b)


def median_ms(call: Callable[[], object], repeat: int) -> Timing:
    call()
    return medians([timed(call) for _ in range(repeat)])


def filters_of(case: dict[str, Any]) -> Any:
    from app.filters import EventFilters

    return EventFilters(**case)


def bare_statements(endpoint: str, case: dict[str, Any], engine: Any) -> list[Any]:
    """The statements the endpoint runs (after the rollup check), for the bare-SQL timing."""
    from sqlalchemy import select

    from app.models import TimelineDirty
    from app.timeline import queries
    from app.timeline.rollup import counted_statement, uses_rollup

    filters = filters_of(case)
    rollup = uses_rollup(filters)
    src = counted_statement(filters, from_rollup=rollup)
    check = select(TimelineDirty.month).limit(1)
    if endpoint in ("events-by-month", "tension", "attacks-vs-strikes"):
        return [check, queries.month_type_statement(src)]
    if endpoint == "factions":
        by_actor = counted_statement(filters, from_rollup=rollup, by_actor=True)
        return [check, queries.factions_statement(by_actor)]
    if endpoint == "actors":
        limit = queries.ACTOR_TIMELINE_LIMIT
        recent = queries.recent_months_statement(src)
        with engine.connect() as conn:
            months, _ = queries.newest_months([(m, int(n)) for m, n in conn.execute(recent)], limit)
        return [check, recent, queries.actor_events_statement(filters, months, limit)]
    return [queries.troop_points_statement(filters, queries.TROOP_POINT_LIMIT + 1)]


def bare_sql(engine: Any, statements: list[Any]) -> tuple[Callable[[], None], Any]:
    """A call running `statements` as bare SQL on a DBAPI cursor, and the connection."""
    texts = [
        str(s.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))
        for s in statements
    ]
    raw = engine.raw_connection()
    cursor = raw.cursor()

    def run() -> None:
        for text in texts:
            cursor.execute(text)
            cursor.fetchall()

    return run, raw


def raw_events_ms(engine: Any, case: dict[str, Any], repeat: int) -> float:
    """The monthly counts straight from `events` (what the rollup saves)."""
    from app.timeline import queries
    from app.timeline.rollup import counted_statement

    src = counted_statement(filters_of(case), from_rollup=False)
    run, raw = bare_sql(engine, [queries.month_type_statement(src)])
    try:
        return median_ms(run, max(3, repeat // 5)).wall
    finally:
        raw.close()


Result = tuple[str, str, Timing, Timing | None]


def time_endpoint(
    client: Any, engine: Any, case: dict[str, Any], endpoint: str, repeat: int
) -> Any:
    query = urlencode(case, doseq=True)
    path = f"/api/timeline/{endpoint}" + (f"?{query}" if query else "")
    assert client.get(path).status_code == 200, path
    parts = [endpoint] if endpoint != "dashboard" else ENDPOINTS
    sql, raw = bare_sql(engine, [s for p in parts for s in bare_statements(p, case, engine)])
    try:
        return paired(lambda: client.get(path).raise_for_status(), sql, repeat)
    finally:
        raw.close()


def time_endpoints(args: argparse.Namespace) -> list[Result]:
    from fastapi.testclient import TestClient

    from app.db.engine import get_engine
    from app.main import create_app

    engine = get_engine()
    results: list[Result] = []
    with TestClient(create_app()) as client:
        floor = median_ms(lambda: client.get("/healthz").raise_for_status(), args.repeat)
        print(f"  the HTTP floor: GET /healthz (one trivial query) {floor.wall:.1f} ms")
        results.append(("-", "/healthz (floor)", floor, None))
        for case_name, case in CASES.items():
            for endpoint in [*ENDPOINTS, "dashboard"]:
                app, sql = time_endpoint(client, engine, case, endpoint, args.repeat)
                results.append((case_name, endpoint, app, sql))
                line = f"{app.wall:7.1f} ms   bare SQL {sql.wall:7.1f} ms"
                print(f"  {case_name:26} {endpoint:20} {line}")
            raw = raw_events_ms(engine, case, args.repeat)
            print(f"  {case_name:26} {'(monthly counts from events, no rollup)':42} {raw:7.1f} ms")
    return results


def report(results: list[Result]) -> None:
    print(
        "\n| filters | endpoint | median | bare SQL | ratio | CPU median | bare SQL CPU "
        "| < 100 ms, <= 1.5x |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---|")
    for case_name, endpoint, app, sql in results:
        if sql is None:
            print(f"| {case_name} | {endpoint} | {app.wall:.1f} ms | | | {app.cpu:.1f} ms | | |")
            continue
        ratio = app.wall / sql.wall if sql.wall else float("inf")
        ok = "yes" if app.wall < 100 and ratio <= 1.5 else "no"
        print(
            f"| {case_name} | {endpoint} | {app.wall:.1f} ms | {sql.wall:.1f} ms | {ratio:.2f} "
            f"| {app.cpu:.1f} ms | {sql.cpu:.1f} ms | {ok} |"
        )


def run(args: argparse.Namespace, folder: Path) -> None:
    url = configure(args, folder)
    print(f"database: {url.split('@')[-1]}")
    if args.keep and (folder / "tracker.db").exists():
        from app.db import migrate

        migrate.upgrade(url)
        print("reusing the filled database")
    else:
        fill(url, args)
    build_rollup()
    report(time_endpoints(args))


def main() -> int:
    args = parse_args()
    if args.keep:
        Path(args.keep).mkdir(parents=True, exist_ok=True)
        run(args, Path(args.keep))
        return 0
    with tempfile.TemporaryDirectory(prefix="dashboard-bench-") as folder:
        run(args, Path(folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

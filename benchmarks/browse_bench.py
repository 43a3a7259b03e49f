"""Browse speed: /articles (with and without full-text search), /events, an article page, a
faction page and the CSV export, on generated data.

    .venv/bin/python benchmarks/browse_bench.py [--articles N] [--events-per-article N]
                                                 [--repeat N] [--database-url URL]

Fills a fresh database (a temporary SQLite file unless --database-url names an empty
PostgreSQL database) through the migrations, so the FTS5 triggers (or the GIN index) index
every article as it is inserted, then times each page through the app (FastAPI TestClient:
routing, filters, queries, templates). Reports medians.
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
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TYPES = ["threat", "attack", "us_strike", "ceasefire", "withdrawal_demand", "talks"]
ACTORS = ["Kata'ib Hezbollah", "Asa'ib Ahl al-Haq", "Harakat Hezbollah al-Nujaba", "US", None]
OUTLETS = [f"Outlet {i}" for i in range(40)]
WORDS = [
    "rockets",
    "drones",
    "base",
    "troops",
    "convoy",
    "embassy",
    "militia",
    "strike",
    "statement",
    "officials",
    "said",
    "withdrawal",
    "parliament",
    "talks",
    "ceasefire",
    "attack",
    "Baghdad",
    "Erbil",
    "Syria",
    "airport",
    "night",
]
CHUNK = 5_000


def article_rows(first: int, n: int, rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    for i in range(first, first + n):
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(150, 400)))
        rows.append(
            {
                "title": f"Story {i} {rng.choice(WORDS)} {rng.choice(WORDS)}",
                "outlet": rng.choice(OUTLETS),
                "published": dt.date(2018, 1, 1) + dt.timedelta(days=rng.randint(0, 2500)),
                "text": f"Story {i}. {body}. Unique{i} ends here.",
                "content_hash": f"{i:064x}",
                "status": "extracted",
                "uploaded_at": dt.datetime.now(dt.UTC),
            }
        )
    return rows


def fill(url: str, articles: int, per_article: int) -> None:
    from sqlalchemy import insert, select

    from app.db import migrate
    from app.db.engine import create_db_engine
    from app.models import Article, Event, month_of

    migrate.upgrade(url)
    engine = create_db_engine(url)
    rng = random.Random(7)
    with engine.begin() as conn:
        for start in range(0, articles, CHUNK):
            conn.execute(insert(Article), article_rows(start, min(CHUNK, articles - start), rng))
        ids = list(conn.scalars(select(Article.id)))
        events = []
        for article_id in ids:
            for _ in range(per_article):
                day = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randint(0, 2500))
                events.append(
                    {
                        "article_id": article_id,
                        "type": rng.choice(TYPES),
                        "actor": rng.choice(ACTORS),
                        "date": day,
                        "month": month_of(day),
                        "evidence": "Rockets struck the base, officials said.",
                        "evidence_start": 0,
                        "evidence_end": 20,
                        "extra_evidence": [],
                        "confidence": rng.random(),
                        "origin": "machine",
                        "review_state": rng.choice(["unreviewed"] * 8 + ["accepted", "rejected"]),
                    }
                )
        for start in range(0, len(events), CHUNK):
            conn.execute(insert(Event), events[start : start + CHUNK])
    engine.dispose()


def median_ms(client: Any, path: str, repeat: int) -> tuple[float, int]:
    timings = []
    status = 0
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path, headers={"accept": "text/html"})
        timings.append((time.perf_counter() - started) * 1000)
        status = response.status_code
    return statistics.median(timings), status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--events-per-article", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="browse-bench-")
    url = args.database_url or f"sqlite:///{folder}/bench.db"
    os.environ["TRACKER_DATA_DIR"] = folder
    os.environ["DATABASE_URL"] = url
    started = time.perf_counter()
    fill(url, args.articles, args.events_per_article)
    print(f"filled {args.articles:,} articles in {time.perf_counter() - started:.1f} s")

    from fastapi.testclient import TestClient

    from app.main import create_app

    pages = [
        "/articles",
        "/articles?q=unique1234",
        "/articles?q=rockets+drones&sort=relevance",
        '/articles?q="officials+said"&outlet=Outlet+3',
        "/articles?actor=Kata%27ib+Hezbollah&event_type=attack&page=5",
        "/articles/1234",
        "/events",
        "/events?event_type=attack&date_from=2019-01-01&date_to=2019-12-31",
        "/events?outlet=Outlet+3&format=csv",
        "/actors/Kata%27ib%20Hezbollah",
        "/api/events?per_page=500",
    ]
    with TestClient(create_app()) as client:
        for path in pages:
            ms, status = median_ms(client, path, args.repeat)
            print(f"{path:70} {status}  median {ms:8.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

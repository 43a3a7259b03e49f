"""Many clients at once against uvicorn on the SQLite default: 20 uploading, 20 browsing.

Every upload is stored exactly once (the same text sent by every uploader at the same time
included), nobody sees a 5xx or "database is locked".
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from app.models import Article
from tests.live import LiveServer, run_live_server

pytestmark = [pytest.mark.live, pytest.mark.slow]

UPLOADERS = 20
BROWSERS = 20
UPLOADS_EACH = 3
BROWSE_PAGES = ["/", "/articles", "/events", "/api/articles", "/api/timeline/dashboard"]
SHARED_TEXT = (
    "Rockets strike near US base\n\nThree rockets struck near a base hosting US troops on "
    "Monday, officials said. Nobody was hurt. Kata'ib Hezbollah denied involvement."
)


def article_text(uploader: int, n: int) -> str:
    return (
        f"Report {uploader}-{n}: militia statement\n\nIn statement number {n} from desk "
        f"{uploader}, Asa'ib Ahl al-Haq warned on Tuesday that it would target US forces in "
        f"Iraq unless they leave. There are about {2000 + 100 * uploader + n} US troops in Iraq."
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with run_live_server(tmp_path_factory.mktemp("concurrency")) as live:
        yield live


def upload_all(url: str, token: str, uploader: int) -> list[tuple[int, str]]:
    results = []
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, headers=headers, timeout=120) as client:
        texts = [article_text(uploader, n) for n in range(UPLOADS_EACH)] + [SHARED_TEXT]
        for text in texts:
            response = client.post("/api/articles", data={"text": text, "outlet": "Desk"})
            results.append((response.status_code, response.text))
    return results


def browse_all(url: str) -> list[tuple[int, str]]:
    results = []
    with httpx.Client(base_url=url, timeout=120) as client:
        for _ in range(3):
            for path in BROWSE_PAGES:
                response = client.get(path)
                results.append((response.status_code, response.text[:2000]))
    return results


def stored_count(server: LiveServer) -> tuple[int, int]:
    engine = create_engine(
        server.env.get("DATABASE_URL") or f"sqlite:///{server.data_dir / 'tracker.db'}",
        poolclass=NullPool,
    )
    with Session(engine) as session:
        total = session.scalar(select(func.count()).select_from(Article)) or 0
        shared = (
            session.scalar(
                select(func.count())
                .select_from(Article)
                .where(Article.text.contains("Three rockets"))
            )
            or 0
        )
    engine.dispose()
    return total, shared


def test_twenty_uploaders_and_twenty_browsers_at_once(server: LiveServer) -> None:
    server.run_app(
        "users",
        "create",
        "desk@example.org",
        "--role",
        "editor",
        "--password-stdin",
        stdin="a long password\n",
    )
    token = server.run_app("tokens", "create", "desk@example.org").stdout.strip()

    with ThreadPoolExecutor(max_workers=UPLOADERS + BROWSERS) as pool:
        uploads = [pool.submit(upload_all, server.url, token, i) for i in range(UPLOADERS)]
        browses = [pool.submit(browse_all, server.url) for _ in range(BROWSERS)]
        upload_results = [r for f in uploads for r in f.result()]
        browse_results = [r for f in browses for r in f.result()]

    everything = upload_results + browse_results
    assert [code for code, _ in everything if code >= 500] == []
    assert not any("database is locked" in body for _, body in everything)
    assert {code for code, _ in browse_results} == {200}
    assert {code for code, _ in upload_results} <= {200, 201}
    # Each distinct text once, the shared one once however many sent it at the same moment.
    total, shared = stored_count(server)
    assert shared == 1
    assert total == UPLOADERS * UPLOADS_EACH + 1
    assert sum(code == 201 for code, _ in upload_results) == UPLOADERS * UPLOADS_EACH + 1

"""Reads never take the write lock: an upload's extraction runs outside any transaction, so
a slow form upload does not hold up a script's upload, and 20 uploaders with 20 readers on
uvicorn see no 5xx and no dropped connection."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from app.accounts.tokens import create_token
from app.db import migrate
from app.db.engine import create_db_engine, get_session
from app.ingestion import batch
from app.main import create_app
from app.models import Article
from tests.dbutil import IS_POSTGRES, fresh_database_url
from tests.factories import csrf_from, make_user
from tests.live import LiveServer, run_live_server

SLOW_MARK = "Slow desk report"
FORM_TEXT = (
    f"{SLOW_MARK}\n\nKata'ib Hezbollah warned on Monday that it would strike US forces in "
    "Iraq. There are about 2,500 US troops in Iraq."
)
SCRIPT_TEXT = (
    "Script desk report\n\nRockets struck near a base hosting US troops on Tuesday, officials "
    "said. Asa'ib Ahl al-Haq denied involvement."
)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Engine]:
    url = fresh_database_url(tmp_path, "lock")
    migrate.upgrade(url)
    engine = create_db_engine(url)
    yield engine
    engine.dispose()


def app_client(engine: Engine) -> TestClient:
    make = sessionmaker(bind=engine, expire_on_commit=False)

    def session_dep() -> Iterator[Session]:
        with make() as session:
            yield session

    application = create_app()
    application.dependency_overrides[get_session] = session_dep
    return TestClient(application)


def write_lock_is_free(engine: Engine) -> bool:
    """Whether another connection can take SQLite's write lock within half a second."""
    database = make_url(str(engine.url)).database
    assert database
    connection = sqlite3.connect(database, timeout=0.5, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        connection.close()


def test_a_slow_form_upload_does_not_hold_up_a_token_upload(
    database: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Session(database, expire_on_commit=False) as session:
        editor = make_user(session, email="form@example.org", role="editor")
        token = create_token(session=session, user=make_user(session, email="script@example.org"))
        session.commit()
    seen: dict[str, Any] = {}
    real_prepare = batch.prepare

    def slow_prepare(upload: batch.Upload) -> list[batch.Item]:
        if SLOW_MARK.encode() in upload.data:  # the form's upload: while it is extracted ...
            if not IS_POSTGRES:
                seen["lock free"] = write_lock_is_free(database)
            started = time.monotonic()
            with app_client(database) as script:  # ... a script uploads another article
                response = script.post(
                    "/api/articles",
                    data={"text": SCRIPT_TEXT},
                    headers={"Authorization": f"Bearer {token}"},
                )
            seen["script"] = (response.status_code, time.monotonic() - started)
        return real_prepare(upload)

    monkeypatch.setattr(batch, "prepare", slow_prepare)
    with app_client(database) as browser:
        sign_in = {"email": editor.email, "password": "pw-12345678"}
        browser.post("/login", data={**sign_in, "csrf_token": csrf_from(browser)})
        form = {"text": FORM_TEXT, "csrf_token": csrf_from(browser, "/upload")}
        response = browser.post("/upload", data=form, follow_redirects=False)

    assert response.status_code == 303  # the form's article was stored
    status, seconds = seen["script"]
    assert status == 201
    assert seconds < 10  # not queued behind the form's transaction (busy timeout 15 s)
    if not IS_POSTGRES:
        assert seen["lock free"] is True
    with Session(database) as session:
        assert session.scalar(select(func.count()).select_from(Article)) == 2


# --- the bounded live run -------------------------------------------------------------------

UPLOADERS = 20
READERS = 20
RUN_SECONDS = 15
REPORT_LINES = 600  # about 110 KB: each extraction takes a noticeable share of a second
READ_PAGES = ["/", "/events", "/api/articles", "/api/timeline/dashboard", "/articles"]


def long_report(uploader: int, n: int) -> str:
    """A long text (about 110 KB), distinct for each upload."""
    lines = [f"Desk {uploader} report {n}\n"]
    lines += [
        f"Line {i} from desk {uploader}, report {n}: Asa'ib Ahl al-Haq warned on Tuesday that "
        "it would target US forces in Iraq unless they leave, and rockets struck near a base "
        "hosting US troops. "
        for i in range(REPORT_LINES)
    ]
    return "".join(lines)


def keep_uploading(url: str, token: str, uploader: int, deadline: float) -> list[str]:
    """Upload until the deadline; the outcome of each request ('201', '500', 'dropped')."""
    outcomes = []
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, headers=headers, timeout=90) as client:
        n = 0
        while time.monotonic() < deadline:
            try:
                response = client.post("/api/articles", data={"text": long_report(uploader, n)})
                outcomes.append(str(response.status_code))
            except httpx.TransportError:
                outcomes.append("dropped")
            n += 1
    return outcomes


def keep_reading(url: str, deadline: float) -> list[str]:
    outcomes = []
    with httpx.Client(base_url=url, timeout=90) as client:
        n = 0
        while time.monotonic() < deadline:
            try:
                outcomes.append(str(client.get(READ_PAGES[n % len(READ_PAGES)]).status_code))
            except httpx.TransportError:
                outcomes.append("dropped")
            n += 1
    return outcomes


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    with run_live_server(tmp_path) as live:
        yield live


@pytest.mark.slow
def test_twenty_uploaders_and_twenty_readers_for_fifteen_seconds(server: LiveServer) -> None:
    token = server.editor_token()
    deadline = time.monotonic() + RUN_SECONDS
    with ThreadPoolExecutor(max_workers=UPLOADERS + READERS) as pool:
        uploads = [
            pool.submit(keep_uploading, server.url, token, i, deadline) for i in range(UPLOADERS)
        ]
        reads = [pool.submit(keep_reading, server.url, deadline) for _ in range(READERS)]
        uploaded = [o for f in uploads for o in f.result()]
        read = [o for f in reads for o in f.result()]
    assert [o for o in uploaded + read if o.startswith("5") or o == "dropped"] == []
    assert set(uploaded) == {"201"}
    assert set(read) == {"200"}

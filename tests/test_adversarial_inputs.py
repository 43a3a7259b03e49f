"""Texts built to be slow: every upload path answers them in time proportional to their
length, and refuses an article over the length limit with 413, storing nothing.

Times are stated as ratios to a normal article's time measured in the same test, never as
wall-clock thresholds, so a slow or busy machine does not fail them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.models import Article
from app.pipeline import MAX_ARTICLE_CHARS
from tests.adversarial import SHAPES, make_text
from tests.test_ingest_cli import count, run_ingest, summary
from tests.test_ingest_cli import database as database  # noqa: F401  (a fixture)
from tests.web.test_hostile_uploads import database_digest
from tests.web.test_upload import bearer as bearer  # noqa: F401  (a fixture)
from tests.web.test_upload import editor_client, post_api, post_form

LENGTH = 100_000
# A text of the slowest shape costs about four times normal prose of its length (more event
# words to check per sentence); before sentences were bounded it was 20 times at this length
# and grew with the square of the length.
RATIO = 10


def timed(call: Callable[[], Response]) -> tuple[float, Response]:
    started = time.perf_counter()
    response = call()
    return time.perf_counter() - started, response


def title(text: str) -> str:
    return "Adversarial text\n\n" + text


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {shape: title(make_text(shape, LENGTH)) for shape in SHAPES}


def test_every_shape_is_extracted_in_time_proportional_to_its_length(
    client: TestClient, texts: dict[str, str]
) -> None:
    normal = min(
        timed(lambda: client.post("/api/extract", data={"text": texts["normal prose"]}))[0]
        for _ in range(2)
    )
    for shape, text in texts.items():
        spent, response = timed(
            lambda text=text: client.post("/api/extract", data={"text": text, "keep_empty": "true"})
        )
        assert response.status_code == 200, (shape, response.text)
        assert spent < RATIO * normal, f"{shape}: {spent:.2f} s, normal prose {normal:.2f} s"


def test_every_shape_is_stored_in_time_proportional_to_its_length(
    client: TestClient, bearer: dict[str, str], texts: dict[str, str]
) -> None:
    normal, first = timed(lambda: post_api(client, text=texts["normal prose"], headers=bearer))
    assert first.status_code == 201
    for shape, text in texts.items():
        if shape == "normal prose":
            continue
        spent, response = timed(
            lambda text=text: post_api(client, text=text, headers=bearer, keep_empty="true")
        )
        assert response.status_code == 201, (shape, response.text)
        assert spent < RATIO * normal, f"{shape}: {spent:.2f} s, normal prose {normal:.2f} s"


def over_limit() -> str:
    return title(make_text("event words", MAX_ARTICLE_CHARS + 10))


def test_an_article_over_the_length_limit_is_refused_by_the_api_and_nothing_is_stored(
    client: TestClient, session: Session, bearer: dict[str, str]
) -> None:
    before = database_digest(session)
    response = post_api(client, files=[("long.txt", over_limit().encode())], headers=bearer)
    assert response.status_code == 413
    assert "too long" in response.json()["detail"]
    assert "split it into several articles" in response.json()["detail"]
    assert database_digest(session) == before


def test_an_article_over_the_length_limit_is_refused_by_extract(client: TestClient) -> None:
    response = client.post("/api/extract", data={"text": over_limit()})
    assert response.status_code == 413
    assert f"over the limit of {MAX_ARTICLE_CHARS:,}" in response.json()["detail"]


def test_the_upload_form_refuses_an_article_over_the_length_limit(
    client: TestClient, session: Session
) -> None:
    token = editor_client(client, session)
    before = database_digest(session)
    response = post_form(client, token, text=over_limit())
    assert response.status_code == 413
    assert "too long" in response.text
    assert database_digest(session) == before


def test_ingest_reports_an_article_over_the_length_limit_and_stores_the_rest(
    tmp_path: Path, database: tuple[str, Engine]
) -> None:
    url, engine = database
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "long.txt").write_text(over_limit())
    (folder / "short.txt").write_text(title("Kataib Hezbollah fired rockets at a US base."))
    done = run_ingest(str(folder), "--workers", "1", data_dir=tmp_path, url=url)
    assert done.returncode == 1
    assert summary(done.stdout) == {"stored": 1, "near-duplicate": 0, "duplicate": 0, "failed": 1}
    assert "long.txt: the article is too long" in done.stdout
    assert count(engine, Article) == 1

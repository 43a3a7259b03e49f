"""Hostile and odd uploads through POST /api/articles and the upload form: each refused one
gets a specific 4xx and leaves the database exactly as it was; odd but readable ones are
stored correctly; the next good upload works."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json
import zipfile

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.db import transfer
from app.models import Article
from tests.web.test_upload import bearer as bearer  # noqa: F401  (a fixture)
from tests.web.test_upload import editor_client, post_api, post_form

STORY = (
    "Rockets hit base\n\nKata'ib Hezbollah fired rockets at Ain al-Asad air base on Monday, "
    "officials said."
)
FRESH = "Militia warns\n\nAsa'ib Ahl al-Haq warned US forces on Tuesday to leave Iraq."
NOTHING_TO_CODE = (
    "Dates harvest\n\nFarmers in Basra province began the date harvest on Sunday and expect "
    "a better crop than last year, the agriculture directorate said."
)


def zipped(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("story.txt", text)
    return buffer.getvalue()


def database_digest(session: Session) -> str:
    """A digest of every row of every table: equal digests, byte-for-byte equal data.

    Leaves out only api_tokens.last_used_at, which records that the token was used."""
    session.flush()
    connection = session.connection()
    rows = {t.name: list(transfer.table_rows(connection, t)) for t in transfer.tables()}
    for token in rows["api_tokens"]:
        token.pop("last_used_at")
    return hashlib.sha256(json.dumps(rows, default=str, sort_keys=True).encode()).hexdigest()


REFUSED = [
    ("story.txt", gzip.compress(STORY.encode()), "gzip archive"),
    ("story.txt", zipped(STORY), "zip archive"),
    ("page.html", b"<html><head><title>Only a title</title></head></html>", "no article text"),
    ("deep.html", b"<div>" * 100_000 + b"Rockets hit." + b"</div>" * 100_000, "no article text"),
    ("columns.csv", b"foo,bar\n1,2\n", "no column of the CSV holds the article text"),
    ("harvest.txt", NOTHING_TO_CODE.encode(), "nothing was found to code in it"),
]


@pytest.mark.parametrize(
    ("name", "body", "message"),
    REFUSED,
    ids=[
        "gzip-as-text",
        "zip-as-text",
        "html-without-body",
        "deeply-nested-html",
        "csv-no-text",
        "nothing-to-code",
    ],
)
def test_refused_upload_leaves_the_database_byte_for_byte_unchanged(
    client: TestClient,
    session: Session,
    bearer: dict[str, str],
    name: str,
    body: bytes,
    message: str,
) -> None:
    post_api(client, text=STORY, headers=bearer)  # something stored already
    before = database_digest(session)
    response = post_api(client, files=[(name, body)], headers=bearer)
    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert database_digest(session) == before
    assert post_api(client, text=FRESH, headers=bearer).status_code == 201


def test_an_article_with_nothing_to_code_is_kept_when_asked(
    client: TestClient, session: Session, bearer: dict[str, str]
) -> None:
    refused = post_api(client, text=NOTHING_TO_CODE, headers=bearer)
    assert refused.status_code == 422 and "keep_empty" in refused.json()["detail"]
    kept = post_api(client, text=NOTHING_TO_CODE, headers=bearer, keep_empty="true")
    assert kept.status_code == 201
    article = session.get(Article, kept.json()["results"][0]["article_id"])
    assert article is not None and "date harvest" in article.text and article.events == []
    page = client.get(f"/articles/{article.id}")
    assert "Farmers in Basra province" in page.text


def test_the_upload_form_names_the_keep_option_when_it_refuses_an_empty_article(
    client: TestClient, session: Session
) -> None:
    token = editor_client(client, session)
    response = post_form(client, token, text=NOTHING_TO_CODE)
    assert response.status_code == 422
    assert "keep articles with nothing found" in response.text
    kept = post_form(client, token, text=NOTHING_TO_CODE, keep_empty="true")
    assert kept.status_code == 303


@pytest.mark.parametrize(
    ("encoding", "text", "expected"),
    [
        ("cp1252", "Café owner said “no rockets” fell on Monday.", "“no rockets”"),
        ("cp1256", "قال مسؤولون إن صواريخ سقطت على قاعدة عين الأسد", "قاعدة عين الأسد"),
    ],
    ids=["cp1252-western", "cp1256-arabic"],
)
def test_legacy_encodings_are_decoded_correctly(
    client: TestClient,
    session: Session,
    bearer: dict[str, str],
    encoding: str,
    text: str,
    expected: str,
) -> None:
    body = ("Report\n\n" + text).encode(encoding)
    # Nothing in these texts is coded, so they are kept on request ("keep_empty").
    response = post_api(client, files=[("legacy.txt", body)], headers=bearer, keep_empty="true")
    assert response.status_code == 201
    article = session.get(Article, response.json()["results"][0]["article_id"])
    assert article is not None and expected in article.text.replace('"', "“", 1).replace(
        '"', "”", 1
    )


def test_an_arabic_article_in_cp1256_naming_a_faction_is_stored_with_it(
    client: TestClient, bearer: dict[str, str]
) -> None:
    body = "تقرير\n\nقالت كتائب حزب الله إن صواريخ سقطت على قاعدة عين الأسد".encode("cp1256")
    response = post_api(client, files=[("arabic.txt", body)], headers=bearer)
    assert response.status_code == 201, response.text
    actors = response.json()["results"][0]["extraction"]["actors"]
    assert [a["name"] for a in actors] == ["Kata'ib Hezbollah"]


@pytest.mark.slow
def test_a_csv_of_ten_thousand_rows_is_stored_whole(
    client: TestClient, bearer: dict[str, str]
) -> None:
    rows = "".join(
        f"Report {i},2021-05-{i % 28 + 1:02d},Wire,Statement {i}: a Kata'ib Hezbollah official "
        f"{i * 7} spoke about checkpoint {i * 13}.\n"
        for i in range(10_000)
    )
    body = ("title,date,source,text\n" + rows).encode()
    response = post_api(client, files=[("export.csv", body)], headers=bearer)
    assert response.status_code == 201
    answer = response.json()
    assert answer["stored"] + answer["duplicates"] == 10_000 and answer["failed"] == 0


def test_the_upload_form_refuses_a_gzip_file_and_stores_nothing(
    client: TestClient, session: Session
) -> None:
    token = editor_client(client, session)
    before = database_digest(session)
    response = post_form(client, token, files=[("story.txt", gzip.compress(STORY.encode()))])
    assert response.status_code in (200, 422)
    assert "gzip archive" in response.text
    assert database_digest(session) == before


def test_an_ambiguous_csv_date_is_refused_with_its_row_until_the_order_is_chosen(
    client: TestClient, session: Session, bearer: dict[str, str]
) -> None:
    body = (
        b"title,date,text\n"
        b"Rockets near base,07/01/2020,\"Kata'ib Hezbollah fired rockets at a base hosting US "
        b'troops on Monday, officials said."\n'
    )
    before = database_digest(session)
    refused = post_api(client, files=[("export.csv", body)], headers=bearer)
    assert refused.status_code == 422
    assert "day first or month first" in refused.text and "date_order" in refused.text
    assert database_digest(session) == before
    stored = post_api(client, files=[("export.csv", body)], headers=bearer, date_order="day_first")
    assert stored.status_code == 201, stored.text
    article = session.get(Article, stored.json()["results"][0]["article_id"])
    assert article is not None and article.published == dt.date(2020, 1, 7)
    # The form's blank choice is no choice (not a validation error of the field).
    blank = post_api(client, files=[("export.csv", body)], headers=bearer, date_order="")
    assert blank.status_code == 422 and "day first or month first" in blank.text

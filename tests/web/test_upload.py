"""Uploading articles over HTTP: the form at /upload and POST /api/articles, on the real
migrated SQLite file (PostgreSQL in the second run)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from httpx2 import Response  # what starlette's TestClient answers with
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.accounts.tokens import create_token
from app.config import get_settings
from app.models import Article, ArticleActor, Event, TroopLevel
from tests.factories import csrf_from, make_user, sign_in_as
from tests.ingestion_samples import (
    DATED_STORY,
    OTHER_STORY,
    WIRE_BODY,
    WIRE_ORIGINAL,
    WIRE_REPUBLISHED,
    make_pdf,
    wrap,
)

HTML_PAGE = (
    "<!doctype html><html><head><title>Talks resume over troop presence</title></head><body>"
    "<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
    "<article><h1>Talks resume over troop presence</h1>"
    "<p>Delegations from Baghdad and Washington met on Monday to discuss the future of foreign "
    "troops in the country, officials from both sides said after the meeting.</p>"
    "<p>The talks, the first in four months, ended without a timetable but with an agreement "
    "to meet again in the spring, according to a joint statement.</p></article>"
    "<footer>All rights reserved.</footer></body></html>"
)
MARKDOWN = (
    "# Drone downed near airport\n\n"
    "Iraqi security forces **shot down** a small drone near the airport on Thursday, "
    "a [police spokesman](https://example.org/police) said.\n\n"
    "- Nobody was hurt.\n- The drone carried no explosives.\n"
)


def count(session: Session, model: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def editor_client(client: TestClient, session: Session) -> str:
    """Sign the client in as an editor; returns the CSRF token of the upload form."""
    sign_in_as(client, session, "editor")
    return csrf_from(client, "/upload")


def post_form(
    client: TestClient, token: str | None, files: list[tuple[str, bytes]] | None = None, **data: str
) -> Response:
    fields = {**data}
    if token is not None:
        fields["csrf_token"] = token
    parts = [("file", (name, body)) for name, body in files or []]
    return client.post("/upload", data=fields, files=parts or None, follow_redirects=False)


def post_api(
    client: TestClient,
    files: list[tuple[str, bytes]] | None = None,
    headers: dict[str, str] | None = None,
    **data: str,
) -> Response:
    parts = [("file", (name, body)) for name, body in files or []]
    return client.post("/api/articles", data=data, files=parts or None, headers=headers)


def results_by_name(response: Response) -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in response.json()["results"]}


@pytest.fixture
def bearer(session: Session) -> dict[str, str]:
    user = make_user(session, role="editor")
    return {"Authorization": f"Bearer {create_token(session=session, user=user)}"}


@pytest.fixture
def small_limit() -> Iterator[int]:
    settings = get_settings()
    before = settings.max_upload_bytes
    settings.max_upload_bytes = 4096
    yield 4096
    settings.max_upload_bytes = before


# --- the form --------------------------------------------------------------------------------


def test_the_form_offers_text_files_metadata_and_a_csrf_token(
    client: TestClient, session: Session
) -> None:
    sign_in_as(client, session, "editor")
    page = client.get("/upload")
    assert page.status_code == 200
    soup = BeautifulSoup(page.text, "html.parser")
    form = soup.select_one("form#upload-form")
    assert form is not None and form["enctype"] == "multipart/form-data"
    names = {field["name"] for field in form.select("[name]")}
    assert {"text", "file", "title", "outlet", "url", "published", "csrf_token"} <= names
    assert soup.select_one("input[type=file][multiple]") is not None
    assert soup.select_one("script[src$='js/upload.js']") is not None


def test_pasted_text_is_stored_and_the_browser_goes_to_the_article(
    client: TestClient, session: Session
) -> None:
    token = editor_client(client, session)
    response = post_form(client, token, text=WIRE_ORIGINAL, outlet="Wire Service")
    assert response.status_code == 303
    article_id = int(response.headers["location"].rsplit("/", 1)[1])
    article = session.get(Article, article_id)
    assert article is not None
    assert article.outlet == "Wire Service"
    assert article.title == "Rockets hit base hosting US troops"
    assert "kitchen clock" in article.text


@pytest.mark.parametrize(
    ("name", "body", "title", "words"),
    [
        ("story.txt", OTHER_STORY.encode(), "Parliament debates budget for reconstruction", "oil"),
        ("page.html", HTML_PAGE.encode(), "Talks resume over troop presence", "spring"),
        ("page.htm", HTML_PAGE.encode("cp1252"), "Talks resume over troop presence", "spring"),
        ("drone.md", MARKDOWN.encode(), "Drone downed near airport", "police spokesman said"),
    ],
    ids=["txt", "html", "htm", "markdown"],
)
def test_each_text_format_is_stored_with_its_title_and_text(
    client: TestClient, session: Session, name: str, body: bytes, title: str, words: str
) -> None:
    token = editor_client(client, session)
    response = post_form(client, token, files=[(name, body)])
    assert response.status_code == 303, response.text
    article = session.get(Article, int(response.headers["location"].rsplit("/", 1)[1]))
    assert article is not None
    assert article.title == title
    assert words in article.text
    assert "<" not in article.text and "**" not in article.text and "](" not in article.text
    assert article.original_name == name


def test_html_navigation_and_footer_are_not_part_of_the_article(
    client: TestClient, session: Session
) -> None:
    token = editor_client(client, session)
    response = post_form(client, token, files=[("page.html", HTML_PAGE.encode())])
    article = session.get(Article, int(response.headers["location"].rsplit("/", 1)[1]))
    assert article is not None
    assert "All rights reserved" not in article.text
    assert "Home" not in article.text


def test_a_pdf_text_layer_is_stored_as_paragraphs(client: TestClient, session: Session) -> None:
    token = editor_client(client, session)
    lines = ["Rockets hit base hosting US troops", "", *wrap(f"BAGHDAD (Wire) - {WIRE_BODY}")]
    response = post_form(client, token, files=[("wire.pdf", make_pdf(lines))])
    assert response.status_code == 303, response.text
    article = session.get(Article, int(response.headers["location"].rsplit("/", 1)[1]))
    assert article is not None
    assert article.title == "Rockets hit base hosting US troops"
    assert article.media_type == "application/pdf"
    # Visual lines are joined again: a sentence that crossed a line break reads whole.
    assert "the damage was limited to a parked truck and an empty storage tent" in article.text
    assert article.original is not None and article.original.startswith(b"%PDF")


def test_a_pdf_without_a_text_layer_is_refused_with_the_reason(
    client: TestClient, session: Session
) -> None:
    token = editor_client(client, session)
    before = count(session, Article)
    response = post_form(client, token, files=[("scan.pdf", make_pdf([]))])
    assert response.status_code == 422
    assert "no text layer" in response.text
    assert count(session, Article) == before


def test_the_date_given_on_the_form_wins_and_is_marked_given(
    client: TestClient, session: Session
) -> None:
    token = editor_client(client, session)
    response = post_form(client, token, text=DATED_STORY, published="2020-01-06")
    article = session.get(Article, int(response.headers["location"].rsplit("/", 1)[1]))
    assert article is not None
    assert article.published is not None and article.published.isoformat() == "2020-01-06"
    assert article.published_source == "given"


def test_without_a_date_the_one_in_the_text_is_used_and_marked_found(
    client: TestClient, session: Session
) -> None:
    token = editor_client(client, session)
    response = post_form(client, token, text=DATED_STORY)
    article = session.get(Article, int(response.headers["location"].rsplit("/", 1)[1]))
    assert article is not None
    assert article.published is not None and article.published.isoformat() == "2020-01-05"
    assert article.published_source == "text"


def test_a_batch_with_one_bad_file_stores_the_others_and_names_the_bad_one(
    client: TestClient, session: Session
) -> None:
    token = editor_client(client, session)
    files = [
        ("wire.txt", WIRE_ORIGINAL.encode()),
        ("broken.txt", b"\x00\x01\x02binary\x00junk" * 20),
        ("budget.md", OTHER_STORY.encode()),
    ]
    response = post_form(client, token, files=files)
    assert response.status_code == 201
    soup = BeautifulSoup(response.text, "html.parser")
    stored = [a.get_text() for a in soup.select("#stored a")]
    assert stored == ["wire.txt", "budget.md"]
    failed = soup.select_one("#failed")
    assert failed is not None and "broken.txt" in failed.get_text()
    assert "binary" in failed.get_text()
    for link in soup.select("#stored a"):
        article = session.get(Article, int(str(link["href"]).rsplit("/", 1)[1]))
        assert article is not None and article.original_name == link.get_text()


def test_uploading_the_same_text_again_links_the_existing_article(
    client: TestClient, session: Session
) -> None:
    token = editor_client(client, session)
    first = post_form(client, token, files=[("wire.txt", WIRE_ORIGINAL.encode())])
    original_id = int(first.headers["location"].rsplit("/", 1)[1])
    before = count(session, Article), count(session, Event)
    again = post_form(client, token, files=[("copy-of-wire.txt", WIRE_ORIGINAL.encode())])
    assert again.status_code == 200
    link = BeautifulSoup(again.text, "html.parser").select_one("#duplicates a")
    assert link is not None and link["href"] == f"/articles/{original_id}"
    assert (count(session, Article), count(session, Event)) == before


def test_the_same_wire_story_from_another_outlet_is_linked_to_its_original(
    client: TestClient, session: Session
) -> None:
    token = editor_client(client, session)
    first = post_form(client, token, text=WIRE_ORIGINAL, outlet="Wire Service")
    original_id = int(first.headers["location"].rsplit("/", 1)[1])
    second = post_form(client, token, text=WIRE_REPUBLISHED, outlet="Daily Example")
    assert second.status_code == 303
    copy = session.get(Article, int(second.headers["location"].rsplit("/", 1)[1]))
    assert copy is not None
    assert copy.duplicate_of_id == original_id
    assert copy.status == "near_duplicate"
    assert copy.outlet == "Daily Example"
    third = post_form(client, token, text=OTHER_STORY)
    other = session.get(Article, int(third.headers["location"].rsplit("/", 1)[1]))
    assert other is not None and other.duplicate_of_id is None


def test_csv_rows_become_articles_with_their_own_metadata(
    client: TestClient, session: Session
) -> None:
    token = editor_client(client, session)
    rows = [
        ["Headline", "Publication Date", "Source", "Link", "Full Text"],
        ["Budget row", "March 3, 2021", "Example Times", "https://example.org/b", OTHER_STORY],
        ["Wire row", "2020-02-04", "", "https://example.org/w", WIRE_ORIGINAL],
        ["Empty row", "2020-02-05", "Example Times", "", ""],
    ]
    response = post_form(client, token, files=[("export.csv", csv_bytes(rows))], outlet="Fallback")
    assert response.status_code == 201
    soup = BeautifulSoup(response.text, "html.parser")
    links = {a.get_text(): str(a["href"]) for a in soup.select("#stored a")}
    assert set(links) == {"export.csv row 2", "export.csv row 3"}
    budget = session.get(Article, int(links["export.csv row 2"].rsplit("/", 1)[1]))
    wire = session.get(Article, int(links["export.csv row 3"].rsplit("/", 1)[1]))
    assert budget is not None and wire is not None
    assert (budget.title, budget.outlet, budget.url) == (
        "Budget row",
        "Example Times",
        "https://example.org/b",
    )
    assert budget.published is not None and budget.published.isoformat() == "2021-03-03"
    assert budget.published_source == "given"
    assert wire.outlet == "Fallback"  # the row has none: the form's outlet fills in
    failed = soup.select_one("#failed")
    assert failed is not None and "export.csv row 4" in failed.get_text()


def test_a_csv_without_a_text_column_is_refused_with_its_columns_named(
    client: TestClient, session: Session
) -> None:
    token = editor_client(client, session)
    rows = [["Headline", "Date"], ["Something", "2020-01-01"]]
    response = post_form(client, token, files=[("export.csv", csv_bytes(rows))])
    assert response.status_code == 422
    assert "no column of the CSV holds the article text" in response.text
    assert "Headline, Date" in response.text


def test_the_upload_page_needs_an_editor(client: TestClient, session: Session) -> None:
    anonymous = client.get("/upload", headers={"Accept": "text/html"}, follow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"] == "/login?next=/upload"
    sign_in_as(client, session, "viewer")
    assert client.get("/upload").status_code == 403


def test_a_viewer_cannot_upload_through_any_route(client: TestClient, session: Session) -> None:
    sign_in_as(client, session, "viewer")
    token = csrf_from(client, "/")
    before = count(session, Article)
    form = post_form(client, token, text=WIRE_ORIGINAL)
    api = post_api(client, text=WIRE_ORIGINAL, headers={"X-CSRF-Token": token})
    check = client.post(
        "/api/articles/check", data={"text": WIRE_ORIGINAL}, headers={"X-CSRF-Token": token}
    )
    assert (form.status_code, api.status_code, check.status_code) == (403, 403, 403)
    assert count(session, Article) == before


def test_a_viewer_token_cannot_upload(client: TestClient, session: Session) -> None:
    viewer = make_user(session, role="viewer")
    headers = {"Authorization": f"Bearer {create_token(session=session, user=viewer)}"}
    assert post_api(client, text=WIRE_ORIGINAL, headers=headers).status_code == 403


def test_anonymous_posts_are_sent_to_sign_in_or_refused(client: TestClient) -> None:
    page = client.post(
        "/upload",
        data={"text": WIRE_ORIGINAL},
        headers={"Accept": "text/html"},
        follow_redirects=False,
    )
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    assert post_api(client, text=WIRE_ORIGINAL).status_code == 401


def test_a_form_post_without_its_csrf_token_is_refused(
    client: TestClient, session: Session
) -> None:
    editor_client(client, session)
    before = count(session, Article)
    assert post_form(client, None, text=WIRE_ORIGINAL).status_code == 403
    assert post_form(client, "forged-token", text=WIRE_ORIGINAL).status_code == 403
    assert post_api(client, text=WIRE_ORIGINAL).status_code == 403  # session, no header
    assert count(session, Article) == before


# --- POST /api/articles ------------------------------------------------------------------------


def test_a_token_upload_answers_201_with_ids_and_extractions(
    client: TestClient, session: Session, bearer: dict[str, str]
) -> None:
    response = post_api(
        client,
        files=[("wire.txt", WIRE_ORIGINAL.encode()), ("budget.txt", OTHER_STORY.encode())],
        headers=bearer,
        outlet="Wire Service",
        url="https://example.org/wire",
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["stored"] == 2 and body["failed"] == 0
    by_name = results_by_name(response)
    wire = by_name["wire.txt"]
    assert wire["status"] == "stored"
    assert wire["article_url"] == f"/articles/{wire['article_id']}"
    assert wire["extraction"]["title"] == "Rockets hit base hosting US troops"
    assert {"actors", "events", "troop_levels"} <= wire["extraction"].keys()
    article = session.get(Article, wire["article_id"])
    assert article is not None and article.url == "https://example.org/wire"


def test_the_stored_rows_match_the_extraction_answered(
    client: TestClient, session: Session, bearer: dict[str, str]
) -> None:
    response = post_api(client, text=DATED_STORY, headers=bearer)
    result = response.json()["results"][0]
    extraction, article_id = result["extraction"], result["article_id"]

    def rows(model: Any) -> int:
        where = model.article_id == article_id
        return int(session.scalar(select(func.count()).select_from(model).where(where)) or 0)

    assert rows(Event) == len(extraction["events"])
    assert rows(TroopLevel) == len(extraction["troop_levels"])
    assert rows(ArticleActor) == len(extraction["actors"])


def test_a_duplicate_answers_200_with_the_existing_id(
    client: TestClient, bearer: dict[str, str]
) -> None:
    first = post_api(client, text=WIRE_ORIGINAL, headers=bearer)
    existing = first.json()["results"][0]["article_id"]
    again = post_api(client, files=[("same.txt", WIRE_ORIGINAL.encode())], headers=bearer)
    assert again.status_code == 200
    result = again.json()["results"][0]
    assert (result["status"], result["article_id"]) == ("duplicate", existing)


def test_a_near_duplicate_answers_its_original(client: TestClient, bearer: dict[str, str]) -> None:
    first = post_api(client, text=WIRE_ORIGINAL, headers=bearer)
    original = first.json()["results"][0]["article_id"]
    copy = post_api(client, text=WIRE_REPUBLISHED, headers=bearer)
    assert copy.status_code == 201
    result = copy.json()["results"][0]
    assert result["status"] == "near_duplicate"
    assert result["duplicate_of_id"] == original
    assert result["duplicate_of_url"] == f"/articles/{original}"
    assert result["similarity"] >= 0.5


def test_a_signed_in_session_may_upload_with_the_csrf_header(
    client: TestClient, session: Session
) -> None:
    token = editor_client(client, session)
    response = post_api(client, text=WIRE_ORIGINAL, headers={"X-CSRF-Token": token})
    assert response.status_code == 201


def test_per_file_failures_are_reported_beside_the_stored_ones(
    client: TestClient, bearer: dict[str, str]
) -> None:
    response = post_api(
        client,
        files=[("good.txt", OTHER_STORY.encode()), ("notes.docx", b"PK\x03\x04 zip")],
        headers=bearer,
    )
    assert response.status_code == 201
    by_name = results_by_name(response)
    assert by_name["good.txt"]["status"] == "stored"
    assert by_name["notes.docx"]["status"] == "failed"
    assert ".docx are not read" in by_name["notes.docx"]["error"]


BAD_INPUTS = [
    ("empty.txt", b"", "the file is empty"),
    ("blank.txt", b"   \n\t  \n", "the file is empty"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
    ("binary.html", b"\x00\x01\x02\x03" * 300, "binary"),
    ("latin.txt", b"Caf\x81 \x8d\x8f\x90\x9d" * 40, "does not read"),
    ("a/b.txt", b"A line of text.", "path"),
    ("..\\up.txt", b"A line of text.", "path"),
    ("n" * 1000 + ".txt", b"A line of text.", "longer than 255"),
    ("slides.pptx", b"PK\x03\x04", ".pptx are not read"),
]


@pytest.mark.parametrize(
    ("name", "body", "message"),
    BAD_INPUTS,
    ids=[
        "empty",
        "whitespace-only",
        "png-as-txt",
        "binary-as-html",
        "undecodable",
        "slash-in-name",
        "backslash-in-name",
        "1000-char-name",
        "unknown-type",
    ],
)
def test_bad_input_is_refused_with_a_reason_and_changes_nothing(
    client: TestClient,
    session: Session,
    bearer: dict[str, str],
    name: str,
    body: bytes,
    message: str,
) -> None:
    before = count(session, Article), count(session, Event)
    response = post_api(client, files=[(name, body)], headers=bearer)
    assert response.status_code == 422, response.text
    assert message in response.json()["detail"]
    assert response.json()["detail"].startswith("nothing was stored")
    assert (count(session, Article), count(session, Event)) == before
    good = post_api(client, text=OTHER_STORY, headers=bearer)
    assert good.status_code == 201


def test_a_file_name_with_a_nul_byte_is_refused(
    client: TestClient, session: Session, bearer: dict[str, str]
) -> None:
    """Written by hand: HTTP clients escape a NUL in a file name before sending it."""
    boundary = "nul-test-boundary"
    body = (
        f"--{boundary}\r\n".encode()
        + b'Content-Disposition: form-data; name="file"; filename="nul\x00.txt"\r\n'
        + b"Content-Type: text/plain\r\n\r\n"
        + OTHER_STORY.encode()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {**bearer, "Content-Type": f"multipart/form-data; boundary={boundary}"}
    before = count(session, Article)
    response = client.post("/api/articles", content=body, headers=headers)
    assert response.status_code == 422
    assert "NUL" in response.json()["detail"]
    assert count(session, Article) == before


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"text": "   \n  "}, "the text is empty"),
        ({}, "paste an article's text, or choose"),
        ({"text": WIRE_ORIGINAL, "published": "05/01/2020"}, "YYYY-MM-DD"),
        ({"text": WIRE_ORIGINAL, "url": "javascript:alert(1)"}, "http:// or https://"),
        ({"text": WIRE_ORIGINAL, "outlet": "x" * 301}, "longer than 300"),
        ({"text": WIRE_ORIGINAL, "mapping": "{not json"}, "not valid JSON"),
    ],
    ids=["whitespace-text", "nothing", "bad-date", "javascript-url", "long-outlet", "bad-map"],
)
def test_bad_fields_are_refused_with_a_specific_message(
    client: TestClient,
    session: Session,
    bearer: dict[str, str],
    fields: dict[str, str],
    message: str,
) -> None:
    before = count(session, Article)
    response = client.post("/api/articles", data=fields, headers=bearer)
    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert count(session, Article) == before


def test_an_upload_over_the_limit_is_refused_before_it_is_read(
    client: TestClient, session: Session, bearer: dict[str, str], small_limit: int
) -> None:
    before = count(session, Article)
    big = ("big.txt", b"word " * (small_limit + 1024 * 1024))
    response = post_api(client, files=[big], headers=bearer)
    assert response.status_code == 413
    assert "larger than the limit" in response.json()["detail"]
    assert count(session, Article) == before
    assert post_api(client, text=OTHER_STORY, headers=bearer).status_code == 201


@pytest.mark.usefixtures("small_limit")
def test_a_streamed_upload_is_cut_off_once_it_passes_the_limit(
    client: TestClient, session: Session, bearer: dict[str, str]
) -> None:
    """No Content-Length (chunked): the body is counted as it arrives."""
    boundary = "limit-test-boundary"

    def body() -> Iterator[bytes]:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"'
            "\r\nContent-Type: text/plain\r\n\r\n"
        )
        yield head.encode()
        for _ in range(64):  # 4 MiB in 64 KiB pieces
            yield b"x" * 65536
        yield f"\r\n--{boundary}--\r\n".encode()

    headers = {**bearer, "Content-Type": f"multipart/form-data; boundary={boundary}"}
    response = client.post("/api/articles", content=body(), headers=headers)
    assert response.status_code == 413
    assert session.scalar(select(Article.id).where(Article.original_name == "big.txt")) is None


def test_a_file_just_over_the_limit_in_a_batch_fails_alone(
    client: TestClient, bearer: dict[str, str], small_limit: int
) -> None:
    files = [("big.txt", b"word " * (small_limit // 5 + 10)), ("good.txt", OTHER_STORY.encode())]
    response = post_api(client, files=files, headers=bearer)
    assert response.status_code == 201
    by_name = results_by_name(response)
    assert by_name["big.txt"]["status"] == "failed"
    assert "larger than the limit" in by_name["big.txt"]["error"]
    assert by_name["good.txt"]["status"] == "stored"


# --- the check step -----------------------------------------------------------------------------


def test_check_tells_the_date_found_in_the_text_or_that_it_is_missing(
    client: TestClient, bearer: dict[str, str]
) -> None:
    found = client.post("/api/articles/check", data={"text": DATED_STORY}, headers=bearer)
    assert found.status_code == 200
    assert (found.json()["published"], found.json()["published_source"]) == ("2020-01-05", "text")
    missing = client.post("/api/articles/check", data={"text": OTHER_STORY}, headers=bearer)
    assert (missing.json()["published"], missing.json()["published_source"]) == (None, None)


def test_check_stores_nothing_and_names_an_existing_copy(
    client: TestClient, session: Session, bearer: dict[str, str]
) -> None:
    before = count(session, Article)
    first = client.post("/api/articles/check", data={"text": WIRE_ORIGINAL}, headers=bearer)
    assert first.json()["duplicate_of_id"] is None
    assert count(session, Article) == before
    stored = post_api(client, text=WIRE_ORIGINAL, headers=bearer).json()["results"][0]
    again = client.post("/api/articles/check", data={"text": WIRE_ORIGINAL}, headers=bearer)
    assert again.json()["duplicate_of_id"] == stored["article_id"]
    near = client.post("/api/articles/check", data={"text": WIRE_REPUBLISHED}, headers=bearer)
    assert near.json()["near_duplicate_of_id"] == stored["article_id"]


def test_check_shows_a_csv_mapping_before_import_and_takes_a_corrected_one(
    client: TestClient, session: Session, bearer: dict[str, str]
) -> None:
    rows = [["Title", "Date", "Outlet", "Notes", "Story"], ["A", "2020-01-01", "X", "n", "Body"]]
    data = csv_bytes(rows)
    check = client.post("/api/articles/check", files={"file": ("db.csv", data)}, headers=bearer)
    assert check.status_code == 200
    body = check.json()
    assert body["kind"] == "csv" and body["rows"] == 1
    assert body["mapping"] == {
        "title": "Title",
        "published": "Date",
        "outlet": "Outlet",
        "url": None,
        "text": "Story",
    }
    assert body["sample"][0]["text"] == "Body"
    remapped = client.post(
        "/api/articles/check",
        files={"file": ("db.csv", data)},
        data={"mapping": json.dumps({"text": "Notes", "title": "Title"})},
        headers=bearer,
    )
    assert remapped.json()["sample"][0] == {
        "title": "A",
        "published": None,
        "outlet": None,
        "url": None,
        "text": "n",
    }
    before = count(session, Article)
    unknown = client.post(
        "/api/articles/check",
        files={"file": ("db.csv", data)},
        data={"mapping": json.dumps({"text": "Nope"})},
        headers=bearer,
    )
    assert unknown.status_code == 422 and "no column named 'Nope'" in unknown.json()["detail"]
    assert count(session, Article) == before


def csv_bytes(rows: list[list[str]]) -> bytes:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")

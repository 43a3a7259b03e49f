"""POST /api/extract: the contract's object for a pasted text or one file, nothing stored."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.accounts.tokens import create_token
from app.config import get_settings
from app.models import Article
from tests.factories import make_user
from tests.ingestion_samples import make_pdf

HARVEST = (
    "Dates harvest\n\nFarmers in Basra province began the date harvest on Sunday and expect "
    "a better crop than last year, the agriculture directorate said."
)
REPORT = (
    "Militia warns US forces\n\n"
    "Kata'ib Hezbollah warned on Monday that it would attack US forces unless they leave "
    "Iraq. There are about 2,500 US troops in Iraq."
)


def test_pasted_text_gives_the_contract_object_and_stores_nothing(
    client: TestClient, session: Session
) -> None:
    response = client.post("/api/extract", data={"text": REPORT, "published": "2020-01-07"})
    assert response.status_code == 200
    body = response.json()
    assert body["published"] == "2020-01-07" and body["published_source"] == "given"
    assert [a["name"] for a in body["actors"] if a["kind"] == "militia"] == ["Kata'ib Hezbollah"]
    assert [(t["location"], t["count"], t["qualifier"]) for t in body["troop_levels"]] == [
        ("Iraq", 2500, "about")
    ]
    threat = next(e for e in body["events"] if e["type"] == "threat")
    assert threat["actor"] == "Kata'ib Hezbollah" and threat["date"] == "2020-01-06"
    assert REPORT[threat["start"] : threat["end"]] == threat["evidence"]
    assert session.scalar(select(func.count()).select_from(Article)) == 0


def test_uploaded_file_is_read_like_the_cli(client: TestClient) -> None:
    response = client.post(
        "/api/extract", files={"file": ("report.txt", REPORT.encode(), "text/plain")}
    )
    assert response.status_code == 200
    assert response.json()["file"] == "report.txt"


def test_a_pdf_and_markdown_are_read_as_uploads_are(client: TestClient) -> None:
    title, body = REPORT.split("\n\n")
    pdf = make_pdf([title, "", body])
    markdown = f"# {title}\n\n**{body}**".encode()
    for name, data in (("report.pdf", pdf), ("report.md", markdown)):
        response = client.post("/api/extract", files={"file": (name, data)})
        assert response.status_code == 200, response.text
        assert response.json()["title"] == title
        # "would treat foreign troops as an occupying force unless they left": a threat and a
        # demand that they leave (ontology: a statement that does both is both).
        assert [e["type"] for e in response.json()["events"]] == ["threat", "withdrawal_demand"]


def test_a_text_with_nothing_to_code_gives_an_empty_extraction_when_asked(
    client: TestClient,
) -> None:
    response = client.post("/api/extract", data={"text": HARVEST, "keep_empty": "true"})
    assert response.status_code == 200
    body = response.json()
    assert body["events"] == body["actors"] == body["troop_levels"] == []


@pytest.mark.parametrize(
    ("data", "files", "message"),
    [
        ({}, None, "send a 'text' field or a 'file' upload"),
        ({"text": "   \n "}, None, "the pasted text is empty"),
        ({"text": REPORT, "published": "last week"}, None, "YYYY-MM-DD"),
        ({}, {"file": ("x.txt", b"\x00\x01\x02binary" * 50, "text/plain")}, "binary"),
        ({}, {"file": ("scan.pdf", make_pdf([]), "application/pdf")}, "no text layer"),
        ({}, {"file": ("rows.csv", b"title,text\na,b\n", "text/csv")}, "POST /api/articles"),
        ({}, {"file": ("../etc/x.txt", REPORT.encode(), "text/plain")}, "path"),
        ({"text": HARVEST}, None, "nothing was found to code"),
    ],
    ids=[
        "nothing-sent",
        "whitespace-only",
        "bad-date",
        "binary-file",
        "pdf-without-text",
        "csv",
        "path-in-name",
        "nothing-to-code",
    ],
)
def test_bad_input_gets_a_readable_4xx(
    client: TestClient,
    data: dict[str, str],
    files: dict[str, tuple[str, bytes, str]] | None,
    message: str,
) -> None:
    response = client.post("/api/extract", data=data, files=files)
    assert 400 <= response.status_code < 500
    assert message in response.json()["detail"]


def test_anonymous_extraction_needs_sign_in_when_browsing_is_private(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_ANONYMOUS_BROWSE", "false")
    get_settings.cache_clear()
    try:
        response = client.post("/api/extract", data={"text": REPORT})
    finally:
        monkeypatch.delenv("TRACKER_ANONYMOUS_BROWSE")
        get_settings.cache_clear()
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("published", "message"),
    [("2999-01-01", "in the future"), ("1998-06-01", "before 2000")],
    ids=["future", "before-2000"],
)
def test_publication_dates_outside_the_tracked_period_are_refused(
    client: TestClient, session: Session, published: str, message: str
) -> None:
    for path in ("/api/extract", "/api/articles"):
        token = create_token(session=session, user=make_user(session, role="editor"))
        response = client.post(
            path,
            data={"text": REPORT, "published": published},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 422, path
        assert message in response.json()["detail"], path
    assert session.scalar(select(func.count()).select_from(Article)) == 0

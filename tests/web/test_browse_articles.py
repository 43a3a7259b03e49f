"""/articles over HTTP: search (hostile input too), filters, sorting, paging, JSON and CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy.orm import Session

from app.config import get_settings
from app.models import Article, ArticleActor
from tests.factories import make_article, make_event, sign_in_as
from tests.test_search import HOSTILE

HTML = {"accept": "text/html"}


def listed_ids(response: Response) -> list[int]:
    assert response.status_code == 200, response.text
    rows = BeautifulSoup(response.text, "html.parser").select("#articles tr[data-article-id]")
    return [int(str(row["data-article-id"])) for row in rows]


def api_ids(client: TestClient, **params: object) -> list[int]:
    response = client.get("/api/articles", params={"per_page": 500, **params})
    assert response.status_code == 200, response.text
    return [row["id"] for row in response.json()["rows"]]


def parse_csv(response: Response) -> list[dict[str, str]]:
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_search_finds_articles_by_words_of_the_text(client: TestClient, session: Session) -> None:
    hit = make_article(session, title="Drones over Erbil", text="Zarquon militia drones hit Erbil.")
    make_article(session, text="Talks on the US presence resumed in Baghdad.")
    assert listed_ids(client.get("/articles", params={"q": "zarquon"}, headers=HTML)) == [hit.id]
    assert api_ids(client, q="zarquon drones") == [hit.id]
    assert client.get("/api/articles", params={"q": "zarquon"}).json()["total"] == 1


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_search_input_answers_normally(
    client: TestClient, session: Session, query: str
) -> None:
    make_article(session, text='Rockets "NEAR" the base; Kata\'ib Hezbollah * OR fired.')
    page = client.get("/articles", params={"q": query}, headers=HTML)
    api = client.get("/api/articles", params={"q": query})
    if "\x00" in query:  # a NUL in a query is refused before any route (400, not 500)
        assert page.status_code == api.status_code == 400
        return
    assert page.status_code == 200
    assert api.status_code == 200
    field = BeautifulSoup(page.text, "html.parser").select_one("input[name=q]")
    assert field is not None
    assert field["value"] == query


def test_filters_by_outlet_actor_event_type_dates_and_review_state(
    client: TestClient, session: Session
) -> None:
    old = make_article(session, outlet="Filterwire", published=dt.date(2019, 5, 1))
    new = make_article(session, outlet="Filterwire", published=dt.date(2023, 5, 1))
    other = make_article(session, outlet="Elsewhere Daily", published=dt.date(2023, 6, 1))
    make_event(session, old, type="threat", actor="Filter Brigade", review_state="accepted")
    make_event(session, new, type="attack")
    session.add(ArticleActor(article_id=other.id, name="Filter Brigade", kind="militia"))
    session.flush()

    assert set(api_ids(client, outlet="filterwire")) == {old.id, new.id}
    assert set(api_ids(client, actor="Filter Brigade")) == {old.id, other.id}
    threat = api_ids(client, event_type="threat", outlet="filterwire")
    assert threat == [old.id]
    since = api_ids(client, date_from="2023-01-01", outlet="filterwire")
    assert since == [new.id]
    accepted = api_ids(client, review_state="accepted", outlet="filterwire")
    assert accepted == [old.id]


def test_an_article_whose_only_event_was_rejected_is_not_found_by_type(
    client: TestClient, session: Session
) -> None:
    article = make_article(session, outlet="Rejectwire")
    make_event(session, article, type="ceasefire", review_state="rejected")
    assert api_ids(client, event_type="ceasefire", outlet="rejectwire") == []


def test_sorting_and_paging_cover_every_article_once(client: TestClient, session: Session) -> None:
    made = [
        make_article(session, outlet="Pagewire", published=dt.date(2020, 1, day))
        for day in range(1, 8)
    ]
    seen: list[int] = []
    url: str | None = "/articles?outlet=Pagewire&sort=oldest&per_page=3"
    while url:
        response = client.get(url, headers=HTML)
        seen += listed_ids(response)
        link = BeautifulSoup(response.text, "html.parser").select_one("a[rel=next]")
        url = str(link["href"]) if link else None
    assert seen == [a.id for a in made]
    newest = api_ids(client, outlet="Pagewire", sort="newest")
    assert newest == [a.id for a in reversed(made)]


def test_the_listing_answers_as_json_by_parameter_or_accept_header(
    client: TestClient, session: Session
) -> None:
    article = make_article(session, outlet="Jsonwire", title="Json title")
    make_event(session, article)
    by_param = client.get("/articles", params={"outlet": "Jsonwire", "format": "json"})
    by_header = client.get(
        "/articles", params={"outlet": "Jsonwire"}, headers={"accept": "application/json"}
    )
    api = client.get("/api/articles", params={"outlet": "Jsonwire"})
    assert by_param.json() == by_header.json() == api.json()
    [row] = by_param.json()["rows"]
    assert row["title"] == "Json title" and row["event_count"] == 1
    assert by_param.json()["total"] == 1


def test_csv_export_is_safe_for_spreadsheets_and_keeps_every_row(
    client: TestClient, session: Session
) -> None:
    long_title = "Long " + "word " * 3000
    made = [make_article(session, outlet="Csvwire", title=f"Plain {n}") for n in range(60)]
    formula = make_article(session, outlet="Csvwire", title='=HYPERLINK("http://evil.example")')
    long = make_article(session, outlet="Csvwire", title=long_title)
    response = client.get("/articles", params={"outlet": "Csvwire", "format": "csv"})
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;") and 'filename="articles.csv"' in disposition
    rows = {int(row["id"]): row for row in parse_csv(response)}
    assert set(rows) == {a.id for a in [*made, formula, long]}  # all pages, not just the first
    assert rows[formula.id]["title"] == "'" + str(formula.title)
    assert rows[long.id]["title"] == long_title


def test_unknown_format_is_refused(client: TestClient) -> None:
    assert client.get("/articles", params={"format": "xml"}).status_code == 422


def test_near_duplicates_are_listed_with_a_link_to_their_original(
    client: TestClient, session: Session
) -> None:
    original: Article = make_article(session, outlet="Dupwire")
    copy = make_article(session, outlet="Dupwire", duplicate_of_id=original.id)
    soup = BeautifulSoup(client.get("/articles?outlet=Dupwire", headers=HTML).text, "html.parser")
    row = soup.select_one(f"tr[data-article-id='{copy.id}']")
    assert row is not None
    assert row.select_one(f"a[href='/articles/{original.id}'], a[href$='/articles/{original.id}']")


def test_without_anonymous_browsing_visitors_are_sent_to_sign_in(
    client: TestClient, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = make_article(session)
    monkeypatch.setattr(get_settings(), "anonymous_browse", False)
    for path in ("/articles", f"/articles/{article.id}", "/events", "/actors"):
        response = client.get(path, headers=HTML, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login")
    assert client.get("/api/events").status_code == 401
    sign_in_as(client, session, "viewer")
    assert client.get("/articles", headers=HTML).status_code == 200
    assert client.get("/api/events").status_code == 200

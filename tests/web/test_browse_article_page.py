"""/articles/{id}: escaped text, evidence marked on the right characters, side list, links."""

from __future__ import annotations

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models import ArticleActor
from app.store import sync_actors
from tests.factories import make_article, make_event, make_troop_level, sign_in_as

HTML = {"accept": "text/html"}
TEXT = (
    "Kata'ib Hezbollah fired rockets at <script>alert('x')</script> Ain al-Asad & left. "
    "There are 2,500 US troops in Iraq. Later, KH said Kata'ib Hezbollah would fight on."
)


def page(client: TestClient, article_id: int) -> BeautifulSoup:
    response = client.get(f"/articles/{article_id}", headers=HTML)
    assert response.status_code == 200
    return BeautifulSoup(response.text, "html.parser")


def marked_text(soup: BeautifulSoup, anchor: str) -> str:
    marks = soup.select("#article-text mark[data-spans]")
    return "".join(m.get_text() for m in marks if anchor in str(m["data-spans"]).split())


def test_text_is_escaped_and_each_span_marks_its_characters(
    client: TestClient, session: Session
) -> None:
    sync_actors(session=session)  # the actors tables with their aliases, as at start-up
    article = make_article(session, text=TEXT)
    first_end = TEXT.index("There") - 1
    event = make_event(
        session, article, evidence=TEXT[:first_end], evidence_start=0, evidence_end=first_end
    )
    troop_start = TEXT.index("There")
    troop_end = TEXT.index("Later") - 1
    level = make_troop_level(session, article, evidence_start=troop_start, evidence_end=troop_end)
    mention = ArticleActor(
        article_id=article.id, name="Kata'ib Hezbollah", kind="militia", mentions=2, start=0, end=17
    )
    session.add(mention)
    session.flush()

    soup = page(client, article.id)
    body = soup.select_one("#article-text")
    assert body is not None
    assert body.get_text() == TEXT  # nothing added, nothing lost
    assert not body.select("script")  # the article's <script> is text, not markup
    assert marked_text(soup, f"event-{event.id}") == TEXT[:first_end]
    assert marked_text(soup, f"troop-{level.id}") == TEXT[troop_start:troop_end]
    # every mention by name or alias, not only the first one the extractor stored
    assert [m.get_text() for m in body.select("mark.hl-actor")] == [
        "Kata'ib Hezbollah",
        "KH",
        "Kata'ib Hezbollah",
    ]
    event_mark = body.select_one(f"mark[data-spans~='event-{event.id}']")
    assert event_mark is not None and "type-attack" in event_mark["class"]


def test_side_list_links_scroll_to_anchors_in_the_text(
    client: TestClient, session: Session
) -> None:
    article = make_article(session, text=TEXT)
    event = make_event(session, article, evidence_start=0, evidence_end=30)
    level = make_troop_level(session, article, evidence_start=84, evidence_end=118)
    soup = page(client, article.id)
    links = [str(a["href"]) for a in soup.select(".article-side a.jump")]
    assert f"#event-{event.id}" in links and f"#troop-{level.id}" in links
    for href in links:
        assert soup.select_one(f"#article-text {href}") is not None, href


def test_rejected_event_is_listed_but_not_coloured(client: TestClient, session: Session) -> None:
    article = make_article(session, text=TEXT)
    event = make_event(session, article, evidence_start=0, evidence_end=30, review_state="rejected")
    soup = page(client, article.id)
    mark = soup.select_one(f"mark[data-spans~='event-{event.id}']")
    assert mark is not None and "hl-event" not in mark["class"]
    assert soup.select_one(f"#side-events li.rejected[data-event-id='{event.id}']") is not None


def test_near_duplicate_links_to_its_original_and_back(
    client: TestClient, session: Session
) -> None:
    original = make_article(session, title="The original story")
    copy = make_article(session, title="Same story elsewhere", duplicate_of_id=original.id)
    link = page(client, copy.id).select_one(".duplicate-of a")
    assert link is not None and str(link["href"]).endswith(f"/articles/{original.id}")
    back = page(client, original.id).select_one(".duplicates a")
    assert back is not None and str(back["href"]).endswith(f"/articles/{copy.id}")


def test_article_as_json_has_text_and_items(client: TestClient, session: Session) -> None:
    article = make_article(session, text=TEXT)
    event = make_event(session, article)
    data = client.get(f"/articles/{article.id}?format=json").json()
    assert data == client.get(f"/api/articles/{article.id}").json()
    assert data["text"] == TEXT
    assert [e["id"] for e in data["events"]] == [event.id]


def test_missing_article_is_404(client: TestClient) -> None:
    assert client.get("/articles/999999", headers=HTML).status_code == 404
    assert client.get("/api/articles/999999").status_code == 404


def test_only_editors_get_review_forms(client: TestClient, session: Session) -> None:
    article = make_article(session, text=TEXT)
    make_event(session, article)
    assert not page(client, article.id).select("form[action$='/review']")
    sign_in_as(client, session, "viewer")
    assert not page(client, article.id).select("form[action$='/review']")
    sign_in_as(client, session, "editor")
    soup = page(client, article.id)
    assert soup.select("form[action$='/review']")
    assert soup.select_one("form#add-event input[name=csrf_token]") is not None

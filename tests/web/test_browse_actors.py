"""/actors/{name}: canonical name, kind, aliases, counts by month and type, latest events."""

from __future__ import annotations

import datetime as dt

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models import Actor, ActorAlias
from tests.factories import make_article, make_event

HTML = {"accept": "text/html"}


def make_actor(session: Session) -> Actor:
    actor = Actor(name="Saraya Testiya", kind="militia")
    actor.aliases = [ActorAlias(alias="Testiya Brigades"), ActorAlias(alias="STB")]
    session.add(actor)
    session.flush()
    return actor


def test_actor_page_counts_events_by_month_and_type(client: TestClient, session: Session) -> None:
    make_actor(session)
    article = make_article(session)
    copy = make_article(session, duplicate_of_id=article.id)
    for day in (3, 9):
        make_event(session, article, actor="Saraya Testiya", date=dt.date(2020, 1, day))
    make_event(session, article, actor="Saraya Testiya", type="threat", date=dt.date(2020, 3, 2))
    make_event(
        session, article, actor="Saraya Testiya", date=dt.date(2020, 3, 5), review_state="rejected"
    )
    make_event(session, copy, actor="Saraya Testiya", date=dt.date(2020, 3, 6))

    profile = client.get("/api/actors/Saraya Testiya").json()
    counts = {(c["month"], c["type"]): c["count"] for c in profile["by_month"]}
    assert counts == {("2020-01-01", "attack"): 2, ("2020-03-01", "threat"): 1}
    assert profile["kind"] == "militia"
    assert profile["aliases"] == ["STB", "Testiya Brigades"]
    assert profile["event_count"] == 3
    assert [e["date"] for e in profile["latest_events"]] == [
        "2020-03-02",
        "2020-01-09",
        "2020-01-03",
    ]

    soup = BeautifulSoup(client.get("/actors/Saraya Testiya", headers=HTML).text, "html.parser")
    assert soup.select_one("h1").get_text() == "Saraya Testiya"
    assert "Testiya Brigades" in soup.select_one("#aliases").get_text()
    months = {row.select_one("th").get_text(): row for row in soup.select("#actor-months tbody tr")}
    assert set(months) == {"2020-01", "2020-03"}
    assert months["2020-01"].select("td")[-1].get_text() == "2"


def test_an_alias_redirects_to_the_canonical_page(client: TestClient, session: Session) -> None:
    make_actor(session)
    response = client.get("/actors/testiya brigades", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"].endswith("/actors/Saraya%20Testiya")


def test_unknown_actor_is_404(client: TestClient) -> None:
    assert client.get("/actors/Nobody At All").status_code == 404
    assert client.get("/api/actors/Nobody At All").status_code == 404


def test_actor_list_answers_in_three_formats(client: TestClient, session: Session) -> None:
    make_actor(session)
    rows = client.get("/api/actors", params={"q": "testiya"}).json()["rows"]
    assert [r["name"] for r in rows] == ["Saraya Testiya"]
    html = client.get("/actors?q=STB", headers=HTML).text
    assert "Saraya Testiya" in html
    csv_text = client.get("/actors?q=testiya&format=csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[1].startswith("Saraya Testiya,militia")

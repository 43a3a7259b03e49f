"""The home page lays out counts per table and names the database in use."""

from __future__ import annotations

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from tests.factories import make_article, make_event


def test_home_counts_rows_per_table(client: TestClient, session: Session) -> None:
    article = make_article(session)
    make_event(session, article)
    make_event(session, article, type="threat")
    response = client.get("/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    cells = {td["data-table"]: td.get_text() for td in soup.select("#table-counts td")}
    assert cells["articles"] == "1"
    assert cells["events"] == "2"
    assert cells["troop_levels"] == "0"


def test_layout_has_navigation_and_database_footer(client: TestClient, engine: Engine) -> None:
    soup = BeautifulSoup(client.get("/").text, "html.parser")
    assert [a.get_text() for a in soup.select("header nav a")] == [
        "Dashboard",
        "Articles",
        "Events",
        "Upload",
    ]
    shown = soup.select_one("footer code").get_text()
    assert shown == engine.url.render_as_string(hide_password=True)


def test_plotly_is_served_by_the_app(client: TestClient) -> None:
    response = client.get("/vendor/plotly/plotly.min.js")
    assert response.status_code == 200
    assert len(response.content) > 1_000_000

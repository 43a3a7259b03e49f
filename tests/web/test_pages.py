"""The dashboard page: counts per table, the database in use, the charts with their data
and filters, the empty state, and no inline script."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from tests.factories import make_article, make_event, make_troop_level, sign_in_as

HOSTILE_EVIDENCE = "Rockets hit. </script><script>alert(1)</script><!-- & more"


def test_home_counts_rows_per_table(client: TestClient, session: Session) -> None:
    article = make_article(session)
    make_event(session, article)
    make_event(session, article, type="threat")
    response = client.get("/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    cells = {td["data-table"]: td.get_text() for td in soup.select("#table-counts td")}
    assert cells, "the counts panel is missing"
    assert cells["articles"] == "1"
    assert cells["events"] == "2"
    assert cells["troop_levels"] == "0"


def test_layout_has_navigation_and_database_footer_for_admins(
    client: TestClient, session: Session, engine: Engine
) -> None:
    assert BeautifulSoup(client.get("/").text, "html.parser").select_one("footer code") is None
    sign_in_as(client, session, "admin")
    soup = BeautifulSoup(client.get("/").text, "html.parser")
    assert [a.get_text() for a in soup.select("header nav a")] == [
        "Dashboard",
        "Articles",
        "Incidents",
        "Events",
        "Upload",
    ]
    shown = soup.select_one("footer code").get_text()
    assert shown == engine.url.render_as_string(hide_password=True)


def test_plotly_is_served_by_the_app(client: TestClient) -> None:
    response = client.get("/vendor/plotly/plotly.min.js")
    assert response.status_code == 200
    assert len(response.content) > 1_000_000


def test_empty_database_shows_how_to_get_started(client: TestClient) -> None:
    soup = BeautifulSoup(client.get("/").text, "html.parser")
    start = soup.select_one("#getting-started")
    assert start is not None
    assert "python -m app sample load" in start.get_text()
    assert soup.select(".chart") == [] and soup.select_one("#dashboard-data") is None


def test_dashboard_lays_out_every_chart_with_its_data_and_filters(
    client: TestClient, session: Session
) -> None:
    article = make_article(session, outlet="Wire")
    make_event(session, article, actor="Kata'ib Hezbollah", evidence=HOSTILE_EVIDENCE)
    make_event(session, article, type="threat", actor="Asa'ib Ahl al-Haq")
    make_troop_level(session, article)
    response = client.get("/?actor=Kata%27ib+Hezbollah&event_type=attack")
    soup = BeautifulSoup(response.text, "html.parser")
    assert [s["data-section"] for s in soup.select("section.panel")] == [
        "troops",
        "events-by-month",
        "actors",
        "tension",
        "attacks-vs-strikes",
        "factions",
    ]
    assert len(soup.select("section.panel .chart")) == 5  # factions is a table
    checked = {(i["name"], i["value"]) for i in soup.select("#dashboard-filters input[checked]")}
    assert checked == {("actor", "Kata'ib Hezbollah"), ("event_type", "attack")}
    csv_link = soup.select_one('#section-factions a[data-format="csv"]')["href"]
    assert (
        csv_link == "/api/timeline/factions?format=csv&actor=Kata%27ib+Hezbollah&event_type=attack"
    )
    island = json.loads(soup.select_one("script#dashboard-data").string)
    bars = next(s for s in island["sections"] if s["key"] == "events-by-month")["figure"]["data"]
    assert [(t["name"], t["y"]) for t in bars] == [("Attack on US forces", [1])]
    faction_cells = [a.get_text() for a in soup.select("#section-factions td a")]
    assert faction_cells == ["Kata'ib Hezbollah"]
    assert "Threats(m) = 1.0 × threats" in soup.select_one("#section-tension .formula").get_text()


def test_dashboard_has_no_inline_script_and_untrusted_text_stays_inside_its_island(
    client: TestClient, session: Session
) -> None:
    article = make_article(session, outlet='<img src=x onerror="alert(1)">')
    make_event(session, article, evidence=HOSTILE_EVIDENCE)
    html = client.get("/").text
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script"):
        assert script.get("src") or script.get("type") == "application/json"
    assert not [
        (tag.name, attr)
        for tag in soup.find_all(True)
        for attr in tag.attrs
        if attr.startswith("on")
    ]
    assert html.lower().count("</script>") == len(soup.find_all("script"))
    assert "alert(1)" in soup.select_one("#dashboard-data").string  # as escaped JSON text


def test_plotly_goes_out_compressed_to_browsers_that_accept_it(client: TestClient) -> None:
    response = client.get("/vendor/plotly/plotly.min.js", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    assert response.num_bytes_downloaded < len(response.content) / 2

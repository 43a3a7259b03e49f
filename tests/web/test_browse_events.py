"""/events and /troop-levels over HTTP: filters, evidence links, JSON, CSV and ACLED."""

from __future__ import annotations

import csv
import datetime as dt
import io

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy.orm import Session

from app.exports import ACLED_COLUMNS
from tests.factories import make_article, make_event, make_troop_level

HTML = {"accept": "text/html"}


def parse_csv(response: Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def event_ids(client: TestClient, **params: object) -> list[int]:
    response = client.get("/api/events", params={"per_page": 500, **params})
    assert response.status_code == 200, response.text
    return [row["id"] for row in response.json()["rows"]]


def test_events_filter_by_type_actor_location_dates_state_and_outlet(
    client: TestClient, session: Session
) -> None:
    wire = make_article(session, outlet="Eventwire")
    daily = make_article(session, outlet="Event Daily")
    a = make_event(session, wire, type="attack", actor="Evt Brigade", location="Evtville")
    b = make_event(session, wire, type="threat", actor="Evt Brigade", date=dt.date(2022, 3, 1))
    c = make_event(session, daily, type="attack", actor="Evt League", review_state="accepted")

    assert set(event_ids(client, actor="Evt Brigade")) == {a.id, b.id}
    assert set(event_ids(client, actor=["Evt Brigade", "Evt League"], event_type="attack")) == {
        a.id,
        c.id,
    }
    assert event_ids(client, location="evtville") == [a.id]
    assert event_ids(client, actor="Evt Brigade", date_from="2022-01-01") == [b.id]
    assert event_ids(client, actor=["Evt Brigade", "Evt League"], reviewed_only=True) == [c.id]
    assert set(event_ids(client, outlet="Eventwire")) == {a.id, b.id}


def test_each_row_links_to_its_evidence_sentence(client: TestClient, session: Session) -> None:
    article = make_article(session, outlet="Linkwire")
    event = make_event(session, article, actor="Link Brigade")
    soup = BeautifulSoup(client.get("/events?outlet=Linkwire", headers=HTML).text, "html.parser")
    row = soup.select_one(f"#events tr[data-event-id='{event.id}']")
    assert row is not None
    link = row.select_one("td.evidence a")
    assert link is not None and link["href"] == f"/articles/{article.id}#event-{event.id}"
    assert link.get_text() == event.evidence
    page = client.get(str(link["href"]).split("#")[0], headers=HTML)
    assert BeautifulSoup(page.text, "html.parser").select_one(f"#event-{event.id}") is not None


def test_rejected_events_show_only_when_asked(client: TestClient, session: Session) -> None:
    article = make_article(session, outlet="Rejwire")
    kept = make_event(session, article)
    rejected = make_event(session, article, review_state="rejected")
    assert event_ids(client, outlet="Rejwire") == [kept.id]
    assert event_ids(client, outlet="Rejwire", review_state="rejected") == [rejected.id]


def test_events_csv_neutralises_formulas_and_keeps_long_evidence(
    client: TestClient, session: Session
) -> None:
    article = make_article(session, outlet="Csvevents", url="https://example.org/x")
    long = "Rockets hit the base. " * 2000  # longer than a spreadsheet cell shows
    make_event(session, article, actor="=cmd|' /C calc'!A0", evidence=long.strip())
    make_event(session, article, actor="@SUM(1+1)", evidence="-2+3 said the officer.")
    response = client.get("/events", params={"outlet": "Csvevents", "format": "csv"})
    assert 'filename="events.csv"' in response.headers["content-disposition"]
    rows = parse_csv(response)
    by_actor = {row["actor"]: row for row in rows}
    assert set(by_actor) == {"'=cmd|' /C calc'!A0", "'@SUM(1+1)"}
    assert by_actor["'=cmd|' /C calc'!A0"]["evidence"] == long.strip()
    assert by_actor["'@SUM(1+1)"]["evidence"] == "'-2+3 said the officer."


def test_acled_export_has_one_row_per_counted_incident(
    client: TestClient, session: Session
) -> None:
    article = make_article(session, outlet="Acledwire", url="https://example.org/acled")
    other = make_article(session, outlet="Acled Daily", url="https://example.org/acled2")
    for source, killed in ((article, 3), (other, 2)):  # one attack, told twice
        make_event(
            session,
            source,
            actor="Acled Brigade",
            target="US forces",
            location="Ain al-Asad",
            killed=killed,
            evidence="Two drones struck Ain al-Asad.",
        )
    session.commit()
    by_param = client.get("/events", params={"actor": "Acled Brigade", "format": "acled"})
    by_path = client.get("/events.acled.csv", params={"actor": "Acled Brigade"})
    by_incidents = client.get("/incidents.acled.csv", params={"actor": "Acled Brigade"})
    rows = parse_csv(by_path)
    assert parse_csv(by_param) == rows == parse_csv(by_incidents)
    assert list(rows[0]) == list(ACLED_COLUMNS)
    [row] = rows
    assert row["event_date"] == "2020-01-04"
    assert (row["actor1"], row["actor2"]) == ("Acled Brigade", "US forces")
    assert row["location"] == "Ain al-Asad" and row["fatalities"] == "2"
    assert row["notes"] == "Two drones struck Ain al-Asad."
    assert row["source"] == "Acledwire; Acled Daily"
    assert row["source_articles"] == (
        f"{article.id} https://example.org/acled; {other.id} https://example.org/acled2"
    )
    assert row["reports"] == "2"
    assert row["event_type"] == "Explosions/Remote violence"
    assert 'filename="events-acled.csv"' in by_path.headers["content-disposition"]


def test_troop_levels_listing_and_api(client: TestClient, session: Session) -> None:
    article = make_article(session, outlet="Troopwire")
    level = make_troop_level(session, article, count=2500, location="Troopland")
    rows = client.get("/api/troop-levels", params={"outlet": "Troopwire"}).json()["rows"]
    assert [(r["id"], r["count"], r["location"]) for r in rows] == [(level.id, 2500, "Troopland")]
    assert rows[0]["evidence_url"] == f"/articles/{article.id}#troop-{level.id}"
    page = client.get("/troop-levels?outlet=Troopwire", headers=HTML)
    cells = BeautifulSoup(page.text, "html.parser").select(
        f"tr[data-troop-level-id='{level.id}'] td"
    )
    assert "2,500" in [c.get_text() for c in cells]
    csv_rows = parse_csv(client.get("/troop-levels?outlet=Troopwire&format=csv"))
    assert [r["count"] for r in csv_rows] == ["2500"]


def test_api_is_documented_with_typed_parameters(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path in ("/api/articles", "/api/events", "/api/troop-levels", "/api/actors"):
        operation = schema["paths"][path]["get"]
        names = {p["name"] for p in operation["parameters"]}
        assert {"page", "per_page"} <= names
        assert "$ref" in str(operation["responses"]["200"])
    event_params = {p["name"]: p for p in schema["paths"]["/api/events"]["get"]["parameters"]}
    assert {"actor", "event_type", "date_from", "date_to", "location", "outlet"} <= set(
        event_params
    )
    assert "attack" in str(event_params["event_type"]["schema"])
    assert "/api/articles/{article_id}" in schema["paths"]
    assert "/api/actors/{name}" in schema["paths"]


def test_an_event_has_a_permalink_in_the_api(client: TestClient, session: Session) -> None:
    article = make_article(session)
    event = make_event(session, article, date=dt.date(2021, 3, 3), location="Erbil")
    session.commit()
    found = client.get(f"/api/events/{event.id}").json()
    assert (found["id"], found["location"], found["incident_id"]) == (
        event.id, "Erbil", event.incident_id,
    )  # fmt: skip
    assert client.get("/api/events/999999").status_code == 404
    assert "/api/events/{event_id}" in client.get("/openapi.json").json()["paths"]

"""/incidents, /incidents/{id} and /api/incidents over HTTP: one incident for one attack told
by two outlets, its reports' sentences highlighted, their conflicts, CSV, 404, escaping."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy.orm import Session

from app.models import Article, Event
from tests.factories import make_article, make_event

HTML = {"accept": "text/html"}
DAY = dt.date(2011, 5, 17)  # far from any other test's events: nothing else clusters with them


def report(session: Session, outlet: str, sentence: str, **event: Any) -> tuple[Article, Event]:
    """An article from `outlet` whose text holds `sentence` between two others, and the
    event that `sentence` is the evidence of."""
    text = f"Officials spoke on Tuesday. {sentence} More details were not given."
    start = text.index(sentence)
    article = make_article(
        session, outlet=outlet, text=text, url=f"https://example.org/{outlet.lower()}"
    )
    values: dict[str, Any] = {
        "actor": "Incident Test Brigade",
        "date": DAY,
        "location": "Camp Taji",
    }
    values |= event
    made = make_event(
        session,
        article,
        evidence=sentence,
        evidence_start=start,
        evidence_end=start + len(sentence),
        **values,
    )
    return article, made


def two_outlets(session: Session, **second: Any) -> tuple[Event, Event]:
    """One attack reported by two outlets (2 and 3 killed unless told otherwise)."""
    _, first = report(session, "Incwire", "Rockets hit Camp Taji, killing two soldiers.", killed=2)
    values: dict[str, Any] = {"killed": 3} | second
    _, other = report(session, "Inc Daily", "Three soldiers died as rockets struck Taji.", **values)
    session.commit()  # incidents are resolved before the commit
    return first, other


def soup_of(response: Response) -> BeautifulSoup:
    assert response.status_code == 200, response.text
    return BeautifulSoup(response.text, "html.parser")


def incident_rows(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    response = client.get("/api/incidents", params={"per_page": 500, **params})
    assert response.status_code == 200, response.text
    rows: list[dict[str, Any]] = response.json()["rows"]
    return rows


def test_two_outlets_reporting_one_attack_make_one_incident(
    client: TestClient, session: Session
) -> None:
    first, other = two_outlets(session)
    [row] = incident_rows(client, actor="Incident Test Brigade")
    assert (row["reports"], row["outlets"]) == (2, 2)
    assert first.incident_id == other.incident_id == row["id"]
    assert row["casualties"] == "2 killed; reports give 2–3"
    assert row["counted"] and row["status"] == "counted"

    soup = soup_of(
        client.get("/incidents", params={"actor": "Incident Test Brigade"}, headers=HTML)
    )
    [tr] = soup.select("#incidents tbody tr[data-incident-id]")
    cells = [td.get_text(" ", strip=True) for td in tr.select("td")]
    assert cells[0] == "2011-05-17"
    assert cells[1] == "Attack on US forces"
    assert cells[2:5] == ["Incident Test Brigade", "Camp Taji", "2 killed; reports give 2–3"]
    assert cells[5:7] == ["2", "2"]
    link = tr.select_one("td a")
    assert link is not None and link["href"] == f"/incidents/{row['id']}"


def test_the_listing_filters_by_outlet_type_date_and_reviewed(
    client: TestClient, session: Session
) -> None:
    two_outlets(session)
    mine = {"actor": "Incident Test Brigade"}
    assert len(incident_rows(client, **mine, outlet="inc daily")) == 1
    assert incident_rows(client, **mine, outlet="Nobody Wire") == []
    assert incident_rows(client, **mine, event_type="threat") == []
    assert len(incident_rows(client, **mine, location="camp taji", date_from="2011-05-01")) == 1
    assert incident_rows(client, **mine, date_from="2011-06-01") == []
    assert incident_rows(client, **mine, reviewed_only=True) == []
    as_json = client.get("/incidents", params={**mine, "per_page": 500, "format": "json"})
    assert as_json.json()["rows"] == incident_rows(client, **mine)  # the page's data, as JSON


def test_the_detail_page_highlights_each_report_and_shows_the_conflict(
    client: TestClient, session: Session
) -> None:
    first, other = two_outlets(session)
    soup = soup_of(client.get(f"/incidents/{first.incident_id}", headers=HTML))
    for event, outlet in ((first, "Incwire"), (other, "Inc Daily")):
        item = soup.select_one(f"#reports li[data-event-id='{event.id}']")
        assert item is not None
        assert outlet in item.select_one(".outlet").get_text()  # type: ignore[union-attr]
        assert "published 2020-01-05" in item.get_text()
        mark = item.select_one(f"mark[data-spans~='report-{event.id}']")
        assert mark is not None and mark.get_text() == event.evidence
        at = item.select_one("a.at-sentence")
        assert at is not None and at["href"] == f"/articles/{event.article_id}#event-{event.id}"
    conflict = soup.select_one("#conflicts li[data-attribute='killed']")
    assert conflict is not None
    assert [v.get_text() for v in conflict.select(".conflict-value")] == ["2", "3"]
    assert "1 report" in conflict.get_text()
    assert soup.select_one("#conflicts li[data-attribute='place']") is None  # both say Taji


def test_the_detail_json_and_api_list_reports_and_conflicts(
    client: TestClient, session: Session
) -> None:
    first, _ = two_outlets(session, location="Baghdad", killed=2)
    page = client.get(f"/incidents/{first.incident_id}?format=json").json()
    api = client.get(f"/api/incidents/{first.incident_id}").json()
    assert page == api
    assert {r["outlet"] for r in api["report_list"]} == {"Incwire", "Inc Daily"}
    [conflict] = api["conflicts"]
    assert conflict["attribute"] == "place"
    assert {(v["value"], v["reports"]) for v in conflict["values"]} == {
        ("Camp Taji", 1),
        ("Baghdad", 1),
    }


def test_csv_has_one_row_per_incident(client: TestClient, session: Session) -> None:
    two_outlets(session)
    report(session, "Incwire", "A drone struck Balad air base.", location="Balad", killed=None)
    session.commit()
    response = client.get("/incidents", params={"actor": "Incident Test Brigade", "format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="incidents.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted((r["location"], r["reports"], r["outlets"]) for r in rows) == [
        ("Balad", "1", "1"),
        ("Camp Taji", "2", "2"),
    ]


def test_an_unknown_incident_is_404_with_a_reason(client: TestClient) -> None:
    for path in ("/incidents/987654321", "/api/incidents/987654321"):
        response = client.get(path)
        assert response.status_code == 404
        assert "no incident with this id" in response.json()["detail"]


def test_evidence_with_markup_is_escaped_on_the_detail_page(
    client: TestClient, session: Session
) -> None:
    sentence = "Rockets hit <script>alert('x')</script> Taji & more."
    _, event = report(session, "Escwire", sentence)
    session.commit()
    response = client.get(f"/incidents/{event.incident_id}", headers=HTML)
    soup = soup_of(response)
    assert "<script>alert" not in response.text
    assert not soup.select("#reports script")
    mark = soup.select_one(f"mark[data-spans~='report-{event.id}']")
    assert mark is not None and mark.get_text() == sentence


def test_an_ambiguous_incident_is_flagged_as_held(client: TestClient, session: Session) -> None:
    _, event = report(session, "Heldwire", "Rockets hit Taji again.")
    session.commit()
    incident = event.incident
    assert incident is not None
    incident.review_state = "ambiguous"  # as when a report fitted two incidents equally
    incident.counted = False
    session.flush()
    soup = soup_of(client.get("/incidents", params={"outlet": "Heldwire"}, headers=HTML))
    status = soup.select_one(f"tr[data-incident-id='{incident.id}'] td.status")
    assert status is not None and "held for review: not counted" in status.get_text()


def test_api_incidents_is_in_the_openapi_schema(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    listing = paths["/api/incidents"]["get"]
    assert {"page", "per_page", "actor", "outlet"} <= {p["name"] for p in listing["parameters"]}
    assert "IncidentPage" in str(listing["responses"]["200"])
    assert "IncidentDetailRead" in str(paths["/api/incidents/{incident_id}"]["get"]["responses"])


def test_the_article_page_links_each_event_to_its_incident(
    client: TestClient, session: Session
) -> None:
    first, other = two_outlets(session)
    soup = soup_of(client.get(f"/articles/{first.article_id}", headers=HTML))
    item = soup.select_one(f"#side-events li[data-event-id='{first.id}'] .incident-link")
    assert item is not None
    link = item.select_one("a")
    assert link is not None and link["href"] == f"/incidents/{first.incident_id}"
    assert "also reported by 1 other outlet" in item.get_text()
    assert other.incident_id == first.incident_id


def test_the_navigation_links_to_incidents(client: TestClient) -> None:
    soup = soup_of(client.get("/incidents", headers=HTML))
    assert "/incidents" in [a["href"] for a in soup.select("header nav a")]


def test_a_bar_of_the_monthly_chart_opens_the_incidents_it_counts(
    client: TestClient, session: Session
) -> None:
    one, two = make_article(session, outlet="One"), make_article(session, outlet="Two")
    for article in (one, two):  # one attack, two reports: one incident in the bar
        make_event(session, article, date=dt.date(2021, 2, 27), location="Erbil")
    session.commit()
    figures = client.get("/api/timeline/dashboard").json()
    bars = next(s for s in figures["sections"] if s["key"] == "events-by-month")["figure"]
    attack = next(t for t in bars["data"] if t["name"] == "Attack on US forces")
    month = attack["x"].index("2021-02-01")
    assert attack["y"][month] == 1
    url = attack["customdata"][month][0]
    assert url == "/incidents?event_type=attack&date_from=2021-02-01&date_to=2021-02-28"
    listing = client.get(url, headers={"accept": "application/json"}).json()
    assert [row["reports"] for row in listing["rows"]] == [2]


def test_the_dashboard_says_how_many_happenings_have_no_date_and_where_they_are(
    client: TestClient, session: Session
) -> None:
    article = make_article(session)
    make_event(session, article, date=dt.date(2021, 2, 27), location="Erbil")
    make_event(session, article, date=None, date_precision=None, location="Camp Taji")
    session.commit()
    figures = client.get("/api/timeline/dashboard").json()
    bars = next(s for s in figures["sections"] if s["key"] == "events-by-month")
    assert bars["summary"] == (
        "1 counted incident has no date and is not charted: see /incidents?undated=true"
    )
    listing = client.get("/incidents?undated=true", headers={"accept": "application/json"})
    assert [row["location"] for row in listing.json()["rows"]] == ["Camp Taji"]

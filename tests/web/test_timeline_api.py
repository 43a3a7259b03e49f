"""The timeline endpoints over HTTP: exact numbers for known events, filters in the query
string, CSV that opens cleanly in a spreadsheet."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.factories import make_event, make_troop_level
from tests.test_timeline import AAH, KH, TANSIQIYA, Corpus, build_corpus

D = dt.date


@pytest.fixture
def corpus(session: Session) -> Corpus:
    return build_corpus(session)


def get_json(client: TestClient, path: str, **params: object) -> dict[str, object]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, object] = response.json()
    return body


def get_csv(client: TestClient, path: str, **params: object) -> list[dict[str, str]]:
    response = client.get(path, params={**params, "format": "csv"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.text.startswith("\ufeff")  # a BOM, as every CSV of the tracker
    return list(csv.DictReader(io.StringIO(response.text.removeprefix("\ufeff"))))


@pytest.mark.usefixtures("corpus")
def test_events_by_month_answers_the_monthly_counts(client: TestClient) -> None:
    body = get_json(client, "/api/timeline/events-by-month")
    assert body["rows"] == [
        {"month": "2020-01-01", "type": "attack", "events": 2},
        {"month": "2020-01-01", "type": "threat", "events": 1},
        {"month": "2020-01-01", "type": "withdrawal_demand", "events": 1},
        {"month": "2020-03-01", "type": "attack", "events": 1},
        {"month": "2020-03-01", "type": "us_strike", "events": 1},
        {"month": "2020-06-01", "type": "talks", "events": 1},
        {"month": "2020-10-01", "type": "ceasefire", "events": 1},
    ]
    assert body["total"] == 8
    assert body["months"][0] == "2020-01-01" and body["months"][-1] == "2020-10-01"


@pytest.mark.usefixtures("corpus")
def test_filters_come_from_the_query_string(client: TestClient) -> None:
    body = get_json(
        client, "/api/timeline/events-by-month", actor=[KH, AAH], event_type=["threat", "attack"]
    )
    assert [(r["month"], r["type"], r["events"]) for r in body["rows"]] == [
        ("2020-01-01", "attack", 2),
        ("2020-01-01", "threat", 1),
    ]
    body = get_json(client, "/api/timeline/events-by-month", reviewed_only="true")
    assert body["total"] == 1
    body = get_json(
        client, "/api/timeline/events-by-month", date_from="2020-03-15", date_to="2020-06-01"
    )
    assert body["months"] == ["2020-03-01", "2020-04-01", "2020-05-01", "2020-06-01"]
    assert body["total"] == 3


def test_a_bad_filter_is_refused_with_422(client: TestClient) -> None:
    assert client.get("/api/timeline/events-by-month?event_type=picnic").status_code == 422
    assert client.get("/api/timeline/tension?date_from=yesterday").status_code == 422


@pytest.mark.usefixtures("corpus")
def test_tension_index_answers_weighted_threats_and_acts(client: TestClient) -> None:
    body = get_json(client, "/api/timeline/tension")
    rows = {r["month"]: r for r in body["rows"]}
    assert (rows["2020-01-01"]["threats"], rows["2020-01-01"]["acts"]) == (1.5, 2.0)
    assert (rows["2020-03-01"]["threats"], rows["2020-03-01"]["acts"]) == (0.0, 2.0)
    assert rows["2020-10-01"]["counts"]["ceasefire"] == 1
    assert body["act_weights"] == {"attack": 1.0, "us_strike": 1.0}
    only_kh = get_json(client, "/api/timeline/tension", actor=KH)
    assert [(r["month"], r["threats"], r["acts"]) for r in only_kh["rows"]] == [
        ("2020-01-01", 0.0, 2.0)
    ]


@pytest.mark.usefixtures("corpus")
def test_attacks_versus_strikes_answers_the_ratio(client: TestClient) -> None:
    body = get_json(client, "/api/timeline/attacks-vs-strikes")
    assert (body["attacks"], body["us_strikes"], body["attacks_per_strike"]) == (3, 1, 3.0)
    rows = get_csv(client, "/api/timeline/attacks-vs-strikes")
    assert rows[0] == {"month": "2020-01-01", "attacks": "2", "us_strikes": "0"}
    assert [r["month"] for r in rows] == ["2020-01-01", "2020-02-01", "2020-03-01"]


@pytest.mark.usefixtures("corpus")
def test_factions_answer_counts_first_and_last_seen(client: TestClient) -> None:
    body = get_json(client, "/api/timeline/factions")
    assert [r["name"] for r in body["rows"]] == [KH, AAH, TANSIQIYA]
    assert body["rows"][0]["first_seen"] == "2020-01-04"
    assert body["rows"][0]["last_seen"] == "2020-01-20"
    rows = get_csv(client, "/api/timeline/factions")
    assert rows[0]["faction"] == KH and rows[0]["attack"] == "2" and rows[0]["threat"] == "0"


def test_troop_series_and_actor_timeline_carry_their_evidence(
    client: TestClient, session: Session, corpus: Corpus
) -> None:
    make_troop_level(session, corpus.daily, location="Iraq", count=3000, as_of=D(2020, 9, 9))
    make_troop_level(session, corpus.copy, location="Iraq", count=8888, as_of=D(2020, 9, 9))
    troops = get_json(client, "/api/timeline/troops")
    assert [(r["location"], r["date"], r["count"]) for r in troops["rows"]] == [
        ("Iraq", "2020-09-09", 3000)
    ]
    assert troops["rows"][0]["evidence"] == "There are over 5,000 US troops in Iraq."
    actors = get_json(client, "/api/timeline/actors", event_type="ceasefire")
    assert [(r["actor"], r["date"]) for r in actors["rows"]] == [(TANSIQIYA, "2020-10-10")]
    assert actors["rows"][0]["article_id"] == corpus.daily.id


def test_an_empty_csv_still_has_its_header(client: TestClient) -> None:
    response = client.get("/api/timeline/factions", params={"format": "csv"})
    header = response.text.removeprefix("\ufeff").splitlines()[0]
    assert header.startswith("faction,threat,attack,us_strike")


def test_csv_cells_cannot_start_a_formula(
    client: TestClient, session: Session, corpus: Corpus
) -> None:
    make_event(session, corpus.daily, type="talks", date=D(2021, 4, 7), evidence="=HYPERLINK(1)")
    rows = get_csv(client, "/api/timeline/actors", event_type="talks")
    assert rows[0]["evidence"] == "'=HYPERLINK(1)"


@pytest.mark.usefixtures("corpus")
def test_dashboard_endpoint_answers_every_chart_with_its_table(client: TestClient) -> None:
    body = get_json(client, "/api/timeline/dashboard", actor=KH)
    assert body["query"] == "actor=Kata%27ib+Hezbollah"
    sections = {s["key"]: s for s in body["sections"]}
    assert list(sections) == [
        "troops",
        "events-by-month",
        "actors",
        "tension",
        "attacks-vs-strikes",
        "factions",
    ]
    bars = sections["events-by-month"]["figure"]["data"]
    assert [(t["name"], t["y"]) for t in bars] == [("Attack on US forces", [2])]
    assert sections["factions"]["table"]["rows"][0][0] == {
        "text": KH,
        "href": "/actors/Kata%27ib%20Hezbollah",
    }
    assert "2 attacks on US forces and no US strikes" in sections["attacks-vs-strikes"]["summary"]

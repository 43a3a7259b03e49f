"""CSV cells that spreadsheets cannot run, whole long text, ACLED-like incident rows."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from app.exports import ACLED_COLUMNS, acled_row, cell, csv_text
from app.schemas import IncidentDetailRead, IncidentReportRead

pytestmark = pytest.mark.nodb


@pytest.mark.parametrize(
    "value", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
)
def test_formula_like_text_gets_a_leading_quote(value: str) -> None:
    assert cell(value) == "'" + value


def test_numbers_dates_and_plain_text_stay_as_they_are() -> None:
    assert cell(-3) == -3
    assert cell(0.25) == 0.25
    assert cell(dt.date(2020, 1, 3)) == "2020-01-03"
    assert cell(None) == ""
    assert cell("Rockets hit Erbil.") == "Rockets hit Erbil."


def test_csv_round_trips_long_text_with_quotes_and_newlines() -> None:
    long = ('He said "withdraw",\nthen: ' + "x" * 40_000) + " end"
    data = csv_text(
        [{"id": 1, "evidence": long}, {"id": 2, "evidence": "=1+1"}], ["id", "evidence"]
    )
    assert data.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(data.removeprefix("\ufeff"))))
    assert rows[0]["evidence"] == long
    assert rows[1]["evidence"] == "'=1+1"


def report(**overrides: object) -> IncidentReportRead:
    values: dict[str, object] = {
        "event_id": 7,
        "article_id": 3,
        "outlet": "Wire",
        "url": "https://example.org/a",
        "evidence": "Three drones struck Ain al-Asad air base.",
        "evidence_start": 0,
        "evidence_end": 40,
        "review_state": "accepted",
        "counted": True,
        "evidence_url": "/articles/3#event-7",
    }
    values.update(overrides)
    return IncidentReportRead.model_validate(values)


def incident(*reports: IncidentReportRead, **overrides: object) -> IncidentDetailRead:
    listed = list(reports) or [report()]
    values: dict[str, object] = {
        "id": 11,
        "type": "attack",
        "type_label": "Attack on US forces",
        "actor": "Kata'ib Hezbollah",
        "target": "US forces",
        "date": dt.date(2020, 1, 4),
        "date_precision": "day",
        "location": "Ain al-Asad",
        "killed": 2,
        "killed_max": 3,
        "casualties": "2 killed; reports give 2–3",
        "reports": len(listed),
        "outlets": len({r.outlet for r in listed}),
        "confidence": 0.9,
        "counted": True,
        "reviewed": True,
        "review_state": "automatic",
        "status": "counted, reviewed",
        "incident_url": "/incidents/11",
        "report_list": listed,
    }
    values.update(overrides)
    return IncidentDetailRead.model_validate(values)


def test_acled_row_maps_an_incident_to_acled_columns() -> None:
    row = acled_row(incident())
    assert set(row) == set(ACLED_COLUMNS)
    assert row["event_id"] == 11
    assert row["event_date"] == dt.date(2020, 1, 4)
    assert row["event_type"] == "Explosions/Remote violence"
    assert row["sub_event_type"] == "Air/drone strike"
    assert (row["actor1"], row["actor2"]) == ("Kata'ib Hezbollah", "US forces")
    assert row["fatalities"] == 2  # the most conservative figure, as ACLED codes
    assert row["notes"] == "Three drones struck Ain al-Asad air base."
    assert row["source"] == "Wire"
    assert row["source_articles"] == "3 https://example.org/a"
    assert row["time_precision"] == 1 and row["reports"] == 1


def test_acled_sources_list_every_counted_report_once_per_outlet_and_article() -> None:
    row = acled_row(
        incident(
            report(),
            report(event_id=8, article_id=4, outlet="Daily", url=None),
            report(event_id=9, article_id=4, outlet="Daily", url=None),
            report(event_id=10, article_id=5, outlet="Copy", counted=False),
        )
    )
    assert row["source"] == "Wire; Daily"
    assert row["source_articles"] == "3 https://example.org/a; 4"
    assert row["reports"] == 3


def test_acled_sub_event_follows_the_weapon_and_the_type() -> None:
    def sub_type(*evidence: str) -> str:
        reports = [report(event_id=n, evidence=text) for n, text in enumerate(evidence)]
        return str(acled_row(incident(*reports))["sub_event_type"])

    assert sub_type("Two Katyusha rockets landed near the embassy.") == (
        "Shelling/artillery/missile attack"
    )
    assert sub_type("The base came under attack.", "A roadside bomb hit a convoy.") == (
        "Remote explosive/landmine/IED"
    )
    assert sub_type("The base came under attack.") == ""
    truce = acled_row(incident(type="ceasefire", killed=None, date_precision="month"))
    assert (truce["event_type"], truce["sub_event_type"]) == ("Strategic developments", "Agreement")
    assert truce["fatalities"] is None and truce["time_precision"] == 3

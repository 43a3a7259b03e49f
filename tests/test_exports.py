"""CSV cells that spreadsheets cannot run, whole long text, ACLED-like event rows."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from app.exports import ACLED_COLUMNS, acled_row, cell, csv_text
from app.schemas import EventRead

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


def event(**overrides: object) -> EventRead:
    values: dict[str, object] = {
        "id": 7,
        "article_id": 3,
        "type": "attack",
        "actor": "Kata'ib Hezbollah",
        "target": "US forces",
        "date": dt.date(2020, 1, 4),
        "date_precision": "day",
        "location": "Ain al-Asad",
        "killed": 2,
        "evidence": "Three drones struck Ain al-Asad air base.",
        "evidence_start": 0,
        "evidence_end": 40,
        "confidence": 0.9,
        "origin": "machine",
        "review_state": "accepted",
        "outlet": "Wire",
        "url": "https://example.org/a",
        "evidence_url": "/articles/3#event-7",
    }
    values.update(overrides)
    return EventRead.model_validate(values)


def test_acled_row_maps_our_event_to_acled_columns() -> None:
    row = acled_row(event())
    assert set(row) == set(ACLED_COLUMNS)
    assert row["event_date"] == dt.date(2020, 1, 4)
    assert row["event_type"] == "Explosions/Remote violence"
    assert row["sub_event_type"] == "Air/drone strike"
    assert (row["actor1"], row["actor2"]) == ("Kata'ib Hezbollah", "US forces")
    assert row["fatalities"] == 2
    assert row["notes"] == "Three drones struck Ain al-Asad air base."
    assert row["source"] == "Wire; https://example.org/a"
    assert row["time_precision"] == 1


def test_acled_sub_event_follows_the_weapon_and_the_type() -> None:
    rockets = acled_row(event(evidence="Two Katyusha rockets landed near the embassy."))
    assert rockets["sub_event_type"] == "Shelling/artillery/missile attack"
    bomb = acled_row(event(evidence="A roadside bomb hit a logistics convoy."))
    assert bomb["sub_event_type"] == "Remote explosive/landmine/IED"
    unknown = acled_row(event(evidence="The base came under attack."))
    assert unknown["sub_event_type"] == ""
    truce = acled_row(event(type="ceasefire", killed=None, date_precision="month"))
    assert (truce["event_type"], truce["sub_event_type"]) == ("Strategic developments", "Agreement")
    assert truce["fatalities"] is None and truce["time_precision"] == 3

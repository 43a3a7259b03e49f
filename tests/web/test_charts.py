"""Chart builders (app/web/charts.py): the traces each chart draws, evidence in hover text
shown literally, and JSON that cannot break out of its <script> element."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from app.config import get_settings
from app.timeline import (
    ActorTimeline,
    AttackStrikeMonth,
    AttacksVsStrikes,
    EventsByMonth,
    MonthTypeCount,
    TensionIndex,
    TensionMonth,
    TimelineEvent,
    TroopLevels,
    TroopPoint,
)
from app.web import charts

pytestmark = pytest.mark.nodb

D = dt.date
HOSTILE = '</script><script>alert(1)</script> <a href="javascript:alert(2)">x</a> & <!--'


def troop(id_: int, location: str, day: dt.date, count: int, **extra: str) -> TroopPoint:
    values = {
        "qualifier": "exact",
        "figure_type": "reported",
        "evidence": f"{count:,} in {location}",
    }
    values.update(extra)
    return TroopPoint(
        id=id_, location=location, date=day, count=count, article_id=10 + id_,
        title="T", outlet="Wire", **values,
    )  # fmt: skip


def event(
    id_: int, type_: str, actor: str | None, day: dt.date, evidence: str = "x"
) -> TimelineEvent:
    return TimelineEvent(
        id=id_, date=day, type=type_, actor=actor, location=None, evidence=evidence,
        article_id=100 + id_, title="T", outlet="Wire",
    )  # fmt: skip


def test_troop_levels_draw_a_step_line_and_styled_markers_per_country() -> None:
    result = TroopLevels(
        rows=[
            troop(1, "Iraq", D(2019, 1, 1), 5200, qualifier="about"),
            troop(2, "Iraq", D(2020, 9, 9), 3000, figure_type="official_cap"),
            troop(3, "Iraq", D(2021, 1, 15), 2500, qualifier="over", figure_type="planned"),
            troop(4, "Syria", D(2021, 6, 1), 900),
        ],
        total=4, limit=10, truncated=False, locations=["Iraq", "Syria"],
    )  # fmt: skip
    fig = charts.troop_levels_figure(result)
    lines = [t for t in fig["data"] if t["mode"] == "lines"]
    markers = [t for t in fig["data"] if t["mode"] == "markers"]
    assert [t["type"] for t in fig["data"]] == ["scatter"] * 4
    assert [t["line"]["shape"] for t in lines] == ["hv", "hv"]
    assert lines[0]["y"] == [5200, 3000]  # a planned figure is a marker, not a step
    assert markers[0]["marker"]["symbol"] == ["diamond", "circle-open", "triangle-up-open-dot"]
    assert markers[0]["customdata"][0] == ["/articles/11#troop-1"]
    assert "about 5,200 US troops" in markers[0]["text"][0]
    assert "Wire" in markers[0]["text"][0] and "5,200 in Iraq" in markers[0]["text"][0]


def test_events_by_month_stack_one_bar_trace_per_type_in_its_colour() -> None:
    jan, feb = D(2020, 1, 1), D(2020, 2, 1)
    result = EventsByMonth(
        months=[jan, feb],
        rows=[
            MonthTypeCount(month=jan, type="attack", events=2),
            MonthTypeCount(month=feb, type="threat", events=1),
        ],
        totals={"threat": 1, "attack": 2}, total=3,
    )  # fmt: skip
    fig = charts.events_by_month_figure(result)
    assert fig["layout"]["barmode"] == "stack"
    # A month without a type is a gap, not a zero: the unified hover lists only real series.
    assert [(t["type"], t["name"], t["y"]) for t in fig["data"]] == [
        ("bar", "Threat", [None, 1]),
        ("bar", "Attack on US forces", [2, None]),
    ]
    assert fig["data"][1]["marker"]["color"] == charts.EVENT_TYPE_COLOURS["attack"]
    # Counts on whole-number ticks: never "0.5 incidents".
    assert (fig["layout"]["yaxis"]["dtick"], fig["layout"]["yaxis"]["tickformat"]) == (1, ",d")


def test_actor_timeline_puts_one_mark_per_event_on_its_actor_row() -> None:
    result = ActorTimeline(
        rows=[
            event(1, "attack", "Kata'ib Hezbollah", D(2020, 1, 4)),
            event(2, "attack", None, D(2020, 3, 11)),
            event(3, "ceasefire", "Kata'ib Hezbollah", D(2024, 1, 30)),
        ],
        total=3, limit=10, truncated=False,
    )  # fmt: skip
    fig = charts.actor_timeline_figure(result)
    assert [(t["type"], t["mode"], t["name"]) for t in fig["data"]] == [
        ("scatter", "markers", "Attack on US forces"),
        ("scatter", "markers", "Ceasefire"),
    ]
    assert fig["data"][0]["y"] == ["Kata'ib Hezbollah", "Unattributed"]
    assert fig["layout"]["yaxis"]["categoryarray"] == ["Unattributed", "Kata'ib Hezbollah"]
    assert fig["data"][1]["customdata"] == [["/articles/103#event-3"]]


def test_tension_index_keeps_threats_and_acts_apart_and_annotates_truces_and_talks() -> None:
    counts = {"ceasefire": 1, "talks": 2}
    result = TensionIndex(
        formula="f", threat_weights={}, act_weights={},
        rows=[
            TensionMonth(month=D(2020, 1, 1), threats=1.5, acts=2.0, counts={}),
            TensionMonth(month=D(2020, 2, 1), threats=0.0, acts=1.0, counts=counts),
        ],
    )  # fmt: skip
    fig = charts.tension_figure(result)
    assert [(t["type"], t["name"], t["y"]) for t in fig["data"]] == [
        ("scatter", "Threats", [1.5, 0.0]),
        ("scatter", "Acts (attacks and US strikes)", [2.0, 1.0]),
    ]
    notes = [(a["x"], a["text"]) for a in fig["layout"]["annotations"]]
    assert notes == [(D(2020, 2, 1), "Ceasefire"), (D(2020, 2, 1), "Talks ×2")]
    assert [s["x0"] for s in fig["layout"]["shapes"]] == [D(2020, 2, 1), D(2020, 2, 1)]


def test_attacks_versus_strikes_are_grouped_bars_in_the_type_colours() -> None:
    result = AttacksVsStrikes(
        rows=[AttackStrikeMonth(month=D(2020, 1, 1), attacks=5, us_strikes=2)],
        attacks=5, us_strikes=2, attacks_per_strike=2.5,
    )  # fmt: skip
    fig = charts.attacks_vs_strikes_figure(result)
    assert fig["layout"]["barmode"] == "group"
    assert [(t["type"], t["y"]) for t in fig["data"]] == [("bar", [5]), ("bar", [2])]
    colours = [t["marker"]["color"] for t in fig["data"]]
    assert colours == [charts.EVENT_TYPE_COLOURS["attack"], charts.EVENT_TYPE_COLOURS["us_strike"]]


def test_no_data_gives_a_message_instead_of_empty_axes() -> None:
    empty = EventsByMonth(months=[], rows=[], totals={}, total=0)
    fig = charts.events_by_month_figure(empty)
    assert fig["data"] == []
    assert fig["layout"]["xaxis"]["visible"] is False
    assert "No events" in fig["layout"]["annotations"][0]["text"]


def test_evidence_shows_literally_in_hover_text() -> None:
    fig = charts.actor_timeline_figure(
        ActorTimeline(
            rows=[event(1, "threat", "Nujaba <b>", D(2020, 1, 1), evidence=HOSTILE)],
            total=1,
            limit=10,
            truncated=False,
        )  # fmt: skip
    )
    hover = fig["data"][0]["text"][0]
    assert "<a " not in hover and "<script" not in hover and "<b>Nujaba" not in hover
    assert "&lt;/script&gt;" in hover and "Nujaba &lt;b&gt;" in hover


def test_island_json_cannot_close_its_script_element() -> None:
    payload = {"evidence": HOSTILE, "figure": charts.empty_figure(HOSTILE)}
    text = charts.island_json(payload)
    assert "<" not in text and ">" not in text and "&" not in text
    assert "</script" not in text.lower()
    assert json.loads(text) == json.loads(charts.dumps(payload))


def test_event_type_colours_are_the_same_in_the_stylesheet() -> None:
    css = (get_settings().static_dir / "css" / "app.css").read_text(encoding="utf-8")
    found = dict(re.findall(r"\.type-(\w+)\s*\{\s*--type-colour:\s*(#[0-9A-Fa-f]{6})", css))
    assert {k: v.upper() for k, v in found.items()} == {
        k: v.upper() for k, v in charts.EVENT_TYPE_COLOURS.items()
    }

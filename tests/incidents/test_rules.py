"""The resolution rules one by one, on reports as extraction gives them, and the clustering that
applies them: what joins, what stays apart, what is held for an editor."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from app.incidents.cluster import cluster
from app.incidents.rules import Report, fit

pytestmark = pytest.mark.nodb

D = dt.date
KH = "Kata'ib Hezbollah"
IRI = "Islamic Resistance in Iraq"
NUJABA = "Harakat Hezbollah al-Nujaba"
AAH = "Asa'ib Ahl al-Haq"


def report(n: int, **values: Any) -> Report:
    base: dict[str, Any] = {
        "event_id": n,
        "type": "attack",
        "date": D(2024, 1, 20),
        "precision": "day",
        "actor": None,
        "location": None,
        "killed": None,
        "injured": None,
        "article_key": f"article-{n}",
        "start": 0,
    }
    return Report(**(base | values))


def joins(a: Report, b: Report) -> bool:
    return fit(a, b) is not None


# --- dates ---------------------------------------------------------------------------------


def test_day_dates_a_day_apart_join_and_two_days_apart_do_not() -> None:
    # "late on Saturday" in Washington is Sunday in Baghdad.
    assert joins(report(1, date=D(2024, 1, 20)), report(2, date=D(2024, 1, 21)))
    assert not joins(report(1, date=D(2024, 1, 20)), report(2, date=D(2024, 1, 22)))


def test_a_month_precise_report_joins_only_the_same_month() -> None:
    # "the drone attack in January" against an attack on 30 January, and on 1 February.
    month = report(1, date=D(2024, 1, 1), precision="month")
    assert joins(month, report(2, date=D(2024, 1, 30)))
    assert not joins(month, report(3, date=D(2024, 2, 1)))


def test_a_year_precise_report_joins_only_the_one_incident_of_its_year() -> None:
    year = report(9, date=D(2020, 1, 1), precision="year")
    alone = cluster([report(1, date=D(2020, 3, 5), location="Camp Taji"), year])
    assert [sorted(r.event_id for r in g.reports) for g in alone] == [[1, 9]]
    two = cluster(
        [
            report(1, date=D(2020, 3, 5), location="Camp Taji"),
            report(2, date=D(2020, 9, 9), location="Ain al-Asad"),
            year,
        ]
    )
    held = [g for g in two if any(r.event_id == 9 for r in g.reports)]
    assert len(two) == 3 and held[0].ambiguous and len(held[0].reports) == 1


def test_an_undated_report_joins_nothing() -> None:
    groups = cluster([report(1), report(2, date=None, precision=None)])
    assert len(groups) == 2


# --- actors --------------------------------------------------------------------------------


def test_actors_equal_or_unknown_join_and_two_factions_do_not() -> None:
    assert joins(report(1, actor=KH), report(2, actor=KH))
    assert joins(report(1, actor=KH), report(2, actor=None))  # "unidentified militants"
    assert not joins(report(1, actor=KH), report(2, actor=AAH))


def test_a_member_faction_and_the_umbrella_claiming_for_it_join_from_late_2023() -> None:
    # "The Islamic Resistance in Iraq claimed the drone attack" / "Kata'ib Hezbollah launched".
    assert joins(report(1, actor=IRI), report(2, actor=NUJABA))
    earlier = {"date": D(2021, 5, 3)}
    assert not joins(report(1, actor=IRI, **earlier), report(2, actor=NUJABA, **earlier))


def test_a_speaker_left_unknown_joins_a_statement_only_on_the_same_day() -> None:
    said = {"type": "threat", "actor": KH, "date": D(2024, 2, 2)}
    assert joins(report(1, **said), report(2, **(said | {"actor": None})))
    month = {"type": "threat", "actor": None, "date": D(2024, 2, 1), "precision": "month"}
    assert not joins(report(1, **said), report(2, **month))


# --- places and casualties -----------------------------------------------------------------


def test_places_equal_nested_or_unknown_join_and_two_bases_do_not() -> None:
    asad = report(1, location="Ain al-Asad")
    assert joins(asad, report(2, location="Anbar"))  # the base lies in the province
    assert joins(asad, report(3, location="Iraq"))
    assert joins(asad, report(4, location=None))
    assert not joins(asad, report(5, location="Erbil"))


def test_two_attacks_at_two_bases_on_one_day_are_two_incidents() -> None:
    groups = cluster(
        [
            report(1, location="Ain al-Asad"),
            report(2, location="Erbil"),
            report(3, location="Ain al-Asad", article_key="other"),
            report(4, location="Erbil", article_key="other"),
        ]
    )
    assert sorted(sorted(r.event_id for r in g.reports) for g in groups) == [[1, 3], [2, 4]]


def test_casualty_figures_that_grow_join_and_ones_that_contradict_do_not() -> None:
    assert joins(report(1, killed=2), report(2, killed=3))  # early and later counts
    assert not joins(report(1, killed=3), report(2, killed=34))


# --- choosing ------------------------------------------------------------------------------


def test_a_report_fitting_two_incidents_equally_joins_neither_and_is_held() -> None:
    monthly = report(9, date=D(2024, 1, 1), precision="month", article_key="recall")
    groups = cluster(
        [
            report(1, location="Ain al-Asad"),
            report(2, date=D(2024, 1, 5), location="Erbil"),
            monthly,
        ]
    )
    held = next(g for g in groups if any(r.event_id == 9 for r in g.reports))
    assert held.ambiguous and len(held.reports) == 1 and len(groups) == 3


def test_the_best_fit_wins_over_a_weaker_one() -> None:
    # Same place beats a place left unknown.
    groups = cluster(
        [
            report(1, location="Ain al-Asad", date=D(2024, 1, 20)),
            report(2, location=None, date=D(2024, 1, 5)),
            report(9, date=D(2024, 1, 1), precision="month", location="Ain al-Asad"),
        ]
    )
    joined = next(g for g in groups if any(r.event_id == 9 for r in g.reports))
    assert sorted(r.event_id for r in joined.reports) == [1, 9] and not joined.ambiguous


def test_the_grouping_does_not_depend_on_the_order_of_the_reports() -> None:
    reports = [
        report(1, date=D(2024, 1, 20), location="Ain al-Asad"),
        report(2, date=D(2024, 1, 21), location="Anbar", actor=IRI),
        report(3, date=D(2024, 1, 22), location=None, actor=KH),
        report(4, date=D(2024, 1, 1), precision="month", location="Ain al-Asad"),
        report(5, date=D(2024, 1, 20), location="Erbil"),
    ]
    seen = set()
    for order in itertools.permutations(reports):
        groups = cluster(list(order))
        seen.add(frozenset(frozenset(r.event_id for r in g.reports) for g in groups))
    assert len(seen) == 1


def test_an_editors_group_stays_together_and_others_may_join_it() -> None:
    pinned = {"pinned_to": 70}
    groups = cluster(
        [
            report(1, location="Erbil", **pinned),
            report(2, location="Ain al-Asad", **pinned),  # the editor merged them
            report(3, location="Ain al-Asad", date=D(2024, 1, 21)),
        ]
    )
    editors = next(g for g in groups if g.pinned_to == 70)
    assert sorted(r.event_id for r in editors.reports) == [1, 2]


def test_a_recall_naming_the_place_joins_the_incident_one_of_whose_reports_names_it() -> None:
    # "the January strike at Baghdad airport": the incident told by one report at the airport
    # and two that leave the place out, not another strike that month with no place.
    kind = {"type": "us_strike", "actor": "US"}
    strike = [
        report(1, date=D(2020, 1, 3), location="Baghdad airport", **kind),
        report(2, date=D(2020, 1, 3), **kind),
        report(3, date=D(2020, 1, 3), **kind),
    ]
    other = report(4, date=D(2020, 1, 9), **kind)
    recall = report(9, date=D(2020, 1, 1), precision="month", location="Baghdad airport", **kind)
    groups = cluster([*strike, other, recall])
    joined = next(g for g in groups if any(r.event_id == 9 for r in g.reports))
    assert sorted(r.event_id for r in joined.reports) == [1, 2, 3, 9] and not joined.ambiguous

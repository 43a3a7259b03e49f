"""Dashboard timelines (app/timeline.py): exact counts for a known set of events, what is
never counted, the filters, and the rollup following every change to the events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from app import store, timeline
from app.filters import EventFilters
from app.models import Article, Event, TimelineCount, TimelineDirty
from app.timeline import rollup
from tests.factories import make_article, make_event, make_troop_level

KH = "Kata'ib Hezbollah"
AAH = "Asa'ib Ahl al-Haq"
TANSIQIYA = "Iraqi Resistance Coordination Committee"
D = dt.date


@dataclass
class Corpus:
    wire: Article
    daily: Article
    copy: Article


def build_corpus(session: Session) -> Corpus:
    """Two articles, a near duplicate of the first, and events with known months."""
    store.sync_actors(session=session)
    wire = make_article(session, outlet="Wire")
    daily = make_article(session, outlet="Daily")
    copy = make_article(session, outlet="Copycat", duplicate_of_id=wire.id)
    make_event(session, wire, type="attack", actor=KH, date=D(2020, 1, 4), location="Baghdad")
    make_event(session, wire, type="attack", actor=KH, date=D(2020, 1, 20), review_state="accepted")
    make_event(session, wire, type="threat", actor=AAH, date=D(2020, 1, 10))
    make_event(session, wire, type="us_strike", actor="US", date=D(2020, 3, 12))
    make_event(session, daily, type="attack", actor=None, date=D(2020, 3, 11), location="Taji")
    make_event(
        session, daily, type="withdrawal_demand", actor="Iraqi parliament", date=D(2020, 1, 5)
    )
    make_event(session, daily, type="talks", actor="US", date=D(2020, 6, 11))
    make_event(session, daily, type="ceasefire", actor=TANSIQIYA, date=D(2020, 10, 10))
    # Never counted: rejected, from a near duplicate, or without a date.
    make_event(session, daily, type="attack", actor=KH, date=D(2020, 1, 8), review_state="rejected")
    make_event(session, copy, type="attack", actor=KH, date=D(2020, 1, 4))
    make_event(session, daily, type="threat", actor=KH, date=None, date_precision=None)
    return Corpus(wire=wire, daily=daily, copy=copy)


def counts(session: Session, **filters: object) -> dict[tuple[dt.date, str], int]:
    rows = timeline.month_type_counts(session=session, filters=EventFilters(**filters))
    return {(r.month, r.type): r.events for r in rows}


@pytest.fixture
def corpus(session: Session) -> Corpus:
    return build_corpus(session)


@pytest.mark.usefixtures("corpus")
def test_events_by_month_counts_each_counted_event_once(session: Session) -> None:
    result = timeline.events_by_month(session=session, filters=EventFilters())
    assert {(r.month, r.type): r.events for r in result.rows} == {
        (D(2020, 1, 1), "attack"): 2,
        (D(2020, 1, 1), "threat"): 1,
        (D(2020, 1, 1), "withdrawal_demand"): 1,
        (D(2020, 3, 1), "attack"): 1,
        (D(2020, 3, 1), "us_strike"): 1,
        (D(2020, 6, 1), "talks"): 1,
        (D(2020, 10, 1), "ceasefire"): 1,
    }
    assert result.months == [D(2020, m, 1) for m in range(1, 11)]
    assert result.totals == {
        "threat": 1,
        "attack": 3,
        "us_strike": 1,
        "ceasefire": 1,
        "withdrawal_demand": 1,
        "talks": 1,
    }
    assert result.total == 8


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"actor": [KH]}, {(D(2020, 1, 1), "attack"): 2}),
        ({"actor": [KH, AAH], "event_type": ["threat"]}, {(D(2020, 1, 1), "threat"): 1}),
        ({"location": "baghdad"}, {(D(2020, 1, 1), "attack"): 1}),
        ({"reviewed_only": True}, {(D(2020, 1, 1), "attack"): 1}),
        (
            {"date_from": D(2020, 3, 20), "date_to": D(2020, 6, 2)},
            {
                (D(2020, 3, 1), "attack"): 1,
                (D(2020, 3, 1), "us_strike"): 1,
                (D(2020, 6, 1), "talks"): 1,
            },
        ),
        (
            {"outlet": "daily", "event_type": ["attack", "talks"]},
            {(D(2020, 3, 1), "attack"): 1, (D(2020, 6, 1), "talks"): 1},
        ),
        ({"actor": ["Nobody"]}, {}),
    ],
    ids=[
        "faction",
        "factions-and-type",
        "location",
        "reviewed-only",
        "whole-months",
        "outlet",
        "none",
    ],
)
@pytest.mark.usefixtures("corpus")
def test_filters_narrow_the_monthly_counts(
    session: Session, filters: dict[str, object], expected: dict[object, int]
) -> None:
    assert counts(session, **filters) == expected


@pytest.mark.usefixtures("corpus")
def test_rejected_and_near_duplicates_stay_out_whatever_the_filters_ask(session: Session) -> None:
    asked = {"review_state": ["rejected"], "include_duplicates": True, "actor": [KH]}
    assert counts(session, **asked) == {(D(2020, 1, 1), "attack"): 2}


FILTER_CASES = [
    {},
    {"actor": [KH]},
    {"event_type": ["attack", "us_strike"]},
    {"location": "TAJI"},
    {"reviewed_only": True},
    {"date_from": D(2020, 1, 15), "date_to": D(2020, 3, 1)},
    {"actor": [KH, "US"], "date_from": D(2020, 2, 1)},
]


@pytest.mark.parametrize("filters", FILTER_CASES, ids=lambda f: ",".join(f) or "none")
@pytest.mark.usefixtures("corpus")
def test_the_rollup_and_the_events_table_give_the_same_numbers(
    session: Session, filters: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = EventFilters(**filters)
    from_rollup = (
        timeline.month_type_counts(session=session, filters=chosen),
        timeline.factions(session=session, filters=chosen),
    )
    monkeypatch.setattr(rollup, "uses_rollup", lambda _filters: False)
    from_events = (
        timeline.month_type_counts(session=session, filters=chosen),
        timeline.factions(session=session, filters=chosen),
    )
    assert from_rollup == from_events


def test_counts_follow_new_rejected_moved_and_deleted_events(
    session: Session, corpus: Corpus
) -> None:
    jan, feb = D(2020, 1, 1), D(2020, 2, 1)
    assert counts(session, event_type=["attack"])[(jan, "attack")] == 2
    extra = make_event(session, corpus.daily, type="attack", actor=KH, date=D(2020, 1, 30))
    assert counts(session, event_type=["attack"])[(jan, "attack")] == 3
    session.execute(update(Event).where(Event.id == extra.id).values(review_state="rejected"))
    assert counts(session, event_type=["attack"])[(jan, "attack")] == 2
    session.execute(
        update(Event)
        .where(Event.id == extra.id)
        .values(review_state="corrected", date=D(2020, 2, 2), month=feb)
    )
    assert counts(session, event_type=["attack"])[(feb, "attack")] == 1
    session.execute(delete(Event).where(Event.id == extra.id))
    assert (feb, "attack") not in counts(session, event_type=["attack"])


def test_counts_follow_articles_marked_and_unmarked_as_near_duplicates(
    session: Session, corpus: Corpus
) -> None:
    jan = D(2020, 1, 1)
    session.execute(
        update(Article).where(Article.id == corpus.copy.id).values(duplicate_of_id=None)
    )
    # The copy's attack of 4 January is the wire's: one incident, now told by two outlets.
    assert counts(session, actor=[KH])[(jan, "attack")] == 2
    session.execute(
        update(Article).where(Article.id == corpus.wire.id).values(duplicate_of_id=corpus.daily.id)
    )
    # The wire no longer counts: 4 January still does (the copy tells it), 20 January not.
    assert counts(session, actor=[KH]) == {(jan, "attack"): 1}
    session.execute(delete(Article).where(Article.id == corpus.daily.id))  # wire: SET NULL
    assert counts(session, actor=[KH]) == {(jan, "attack"): 2}


@pytest.mark.usefixtures("corpus")
def test_tension_index_weights_threats_and_acts_and_keeps_them_apart(session: Session) -> None:
    result = timeline.tension_index(session=session, filters=EventFilters())
    by_month = {r.month: r for r in result.rows}
    assert len(result.rows) == 10  # January to October, months without events included
    assert (by_month[D(2020, 1, 1)].threats, by_month[D(2020, 1, 1)].acts) == (1.5, 2.0)
    assert (by_month[D(2020, 3, 1)].threats, by_month[D(2020, 3, 1)].acts) == (0.0, 2.0)
    assert (by_month[D(2020, 2, 1)].threats, by_month[D(2020, 2, 1)].acts) == (0.0, 0.0)
    assert by_month[D(2020, 6, 1)].counts["talks"] == 1
    assert by_month[D(2020, 10, 1)].counts["ceasefire"] == 1
    assert result.threat_weights == {"threat": 1.0, "withdrawal_demand": 0.5}


@pytest.mark.usefixtures("corpus")
def test_attacks_against_strikes_with_the_ratio_for_the_period(session: Session) -> None:
    result = timeline.attacks_vs_strikes(session=session, filters=EventFilters())
    assert (result.attacks, result.us_strikes, result.attacks_per_strike) == (3, 1, 3.0)
    march = next(r for r in result.rows if r.month == D(2020, 3, 1))
    assert (march.attacks, march.us_strikes) == (1, 1)
    january_only = EventFilters(date_to=D(2020, 1, 31))
    result = timeline.attacks_vs_strikes(session=session, filters=january_only)
    assert (result.attacks, result.us_strikes, result.attacks_per_strike) == (2, 0, None)


@pytest.mark.usefixtures("corpus")
def test_factions_table_lists_militias_with_counts_and_first_and_last_seen(
    session: Session,
) -> None:
    rows = {r.name: r for r in timeline.factions(session=session, filters=EventFilters()).rows}
    assert set(rows) == {KH, AAH, TANSIQIYA}  # not the US, not the Iraqi parliament
    assert rows[KH].counts == {"attack": 2}
    assert (rows[KH].first_seen, rows[KH].last_seen) == (D(2020, 1, 4), D(2020, 1, 20))
    assert rows[TANSIQIYA].counts == {"ceasefire": 1}
    assert list(rows)[0] == KH  # most events first


@pytest.mark.usefixtures("corpus")
def test_actor_timeline_lists_counted_events_newest_first_with_evidence(session: Session) -> None:
    result = timeline.actor_timeline(session=session, filters=EventFilters(), limit=3)
    assert [(e.date, e.type) for e in result.rows] == [
        (D(2020, 10, 10), "ceasefire"),
        (D(2020, 6, 11), "talks"),
        (D(2020, 3, 12), "us_strike"),
    ]
    assert (result.total, result.truncated) == (8, True)
    assert result.rows[0].evidence and result.rows[0].outlet == "Daily"


def test_troop_series_per_country_excludes_rejected_and_near_duplicates(
    session: Session, corpus: Corpus
) -> None:
    make_troop_level(session, corpus.wire, location="Iraq", count=5200, as_of=D(2019, 12, 1))
    make_troop_level(session, corpus.daily, location="Iraq", count=3000, as_of=D(2020, 9, 9))
    make_troop_level(session, corpus.daily, location="Syria", count=900, as_of=D(2021, 6, 1))
    make_troop_level(
        session, corpus.daily, count=9999, as_of=D(2020, 5, 1), review_state="rejected"
    )
    make_troop_level(session, corpus.copy, count=8888, as_of=D(2020, 5, 1))
    result = timeline.troop_levels(session=session, filters=EventFilters(actor=[KH]))
    assert [(p.location, p.date, p.count) for p in result.rows] == [
        ("Iraq", D(2019, 12, 1), 5200),
        ("Iraq", D(2020, 9, 9), 3000),
        ("Syria", D(2021, 6, 1), 900),
    ]
    assert result.locations == ["Iraq", "Syria"]
    syria = timeline.troop_levels(session=session, filters=EventFilters(location="syria"))
    assert [p.count for p in syria.rows] == [900]
    in_2020 = EventFilters(date_from=D(2020, 1, 10), date_to=D(2020, 12, 1))
    assert [p.count for p in timeline.troop_levels(session=session, filters=in_2020).rows] == [3000]


def test_an_empty_database_has_no_months(session: Session) -> None:
    result = timeline.events_by_month(session=session, filters=EventFilters())
    assert (result.rows, result.months, result.total) == ([], [], 0)
    assert timeline.tension_index(session=session, filters=EventFilters()).rows == []


def test_the_rollup_is_rebuilt_from_the_months_that_changed(
    session: Session, corpus: Corpus
) -> None:
    assert timeline.refresh_counts(session=session) is True
    assert session.scalar(select(func.count()).select_from(TimelineDirty)) == 0
    assert session.scalar(select(func.sum(TimelineCount.events))) == 8
    make_event(session, corpus.daily, type="talks", actor="US", date=D(2021, 4, 7))
    assert list(session.scalars(select(TimelineDirty.month))) == [D(2021, 4, 1)]
    assert counts(session, event_type=["talks"])[(D(2021, 4, 1), "talks")] == 1
    assert session.scalar(select(func.count()).select_from(TimelineDirty)) == 0

"""The shared filters: which events and troop levels a listing or a count includes."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.filters import (
    EventFilters,
    apply_event_filters,
    apply_troop_level_filters,
    counted_condition,
)
from app.models import Event, TroopLevel
from tests.factories import make_article, make_event, make_troop_level


def event_ids(session: Session, filters: EventFilters) -> set[int]:
    return set(session.scalars(apply_event_filters(select(Event.id), filters)))


def test_filters_narrow_events_by_actor_type_place_outlet_and_dates(session: Session) -> None:
    wire = make_article(session, outlet="Wire")
    other = make_article(session, outlet="Daily")
    kh = make_event(session, wire, actor="Kata'ib Hezbollah", location="Baghdad")
    aah = make_event(session, wire, actor="Asa'ib Ahl al-Haq", type="threat")
    late = make_event(session, other, date=dt.date(2021, 3, 1), location="Erbil")

    assert event_ids(session, EventFilters(actor=["Kata'ib Hezbollah"])) >= {kh.id}
    assert aah.id not in event_ids(session, EventFilters(actor=["Kata'ib Hezbollah"]))
    assert aah.id in event_ids(session, EventFilters(event_type=["threat"]))
    assert kh.id not in event_ids(session, EventFilters(event_type=["threat"]))
    assert event_ids(session, EventFilters(location="baghdad")) >= {kh.id}
    assert late.id not in event_ids(session, EventFilters(location="baghdad"))
    outlet = event_ids(session, EventFilters(outlet="wire"))
    assert {kh.id, aah.id} <= outlet and late.id not in outlet
    since = event_ids(session, EventFilters(date_from=dt.date(2021, 1, 1)))
    assert late.id in since and kh.id not in since
    until = event_ids(session, EventFilters(date_to=dt.date(2020, 12, 31)))
    assert kh.id in until and late.id not in until


def test_rejected_items_are_left_out_unless_asked_for(session: Session) -> None:
    article = make_article(session)
    kept = make_event(session, article)
    rejected = make_event(session, article, review_state="rejected")

    assert rejected.id not in event_ids(session, EventFilters())
    asked = event_ids(session, EventFilters(review_state=["rejected"]))
    assert rejected.id in asked and kept.id not in asked


def test_reviewed_only_keeps_accepted_and_corrected(session: Session) -> None:
    article = make_article(session)
    states = ("unreviewed", "accepted", "corrected", "rejected")
    by_state = {state: make_event(session, article, review_state=state).id for state in states}

    found = event_ids(session, EventFilters(reviewed_only=True))
    assert {by_state["accepted"], by_state["corrected"]} <= found
    assert not {by_state["unreviewed"], by_state["rejected"]} & found


def test_events_of_near_duplicates_are_not_counted_twice(session: Session) -> None:
    original = make_article(session)
    copy = make_article(session, duplicate_of_id=original.id)
    first = make_event(session, original, location="Al-Asad-test")
    repeat = make_event(session, copy, location="Al-Asad-test")

    assert repeat.id not in event_ids(session, EventFilters())
    assert repeat.id in event_ids(session, EventFilters(include_duplicates=True))
    count = session.scalar(
        select(func.count())
        .select_from(Event)
        .where(counted_condition(Event), Event.location == "Al-Asad-test")
    )
    assert count == 1 and first.id in event_ids(session, EventFilters())


def test_counted_condition_with_reviewed_only_counts_reviewed_troop_levels(
    session: Session,
) -> None:
    article = make_article(session)
    make_troop_level(session, article, location="Narnia", review_state="accepted")
    make_troop_level(session, article, location="Narnia", review_state="unreviewed")
    make_troop_level(session, article, location="Narnia", review_state="rejected")

    def count(reviewed_only: bool) -> int | None:
        return session.scalar(
            select(func.count())
            .select_from(TroopLevel)
            .where(
                counted_condition(TroopLevel, reviewed_only=reviewed_only),
                TroopLevel.location == "Narnia",
            )
        )

    assert count(False) == 2
    assert count(True) == 1


def test_troop_level_filters_use_as_of_dates(session: Session) -> None:
    article = make_article(session)
    old = make_troop_level(session, article, as_of=dt.date(2019, 1, 1))
    new = make_troop_level(session, article, as_of=dt.date(2023, 1, 1))
    found = set(
        session.scalars(
            apply_troop_level_filters(
                select(TroopLevel.id), EventFilters(date_from=dt.date(2022, 1, 1))
            )
        )
    )
    assert new.id in found and old.id not in found


def test_blank_form_fields_mean_no_filter() -> None:
    filters = EventFilters.model_validate(
        {"date_from": "", "actor": ["", "KH"], "location": "  ", "event_type": ""}
    )
    assert filters == EventFilters(actor=["KH"])


def test_unknown_event_type_is_refused() -> None:
    with pytest.raises(ValidationError):
        EventFilters(event_type=["picnic"])  # type: ignore[list-item]

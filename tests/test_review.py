"""Review decisions: what changes on the item, what the audit log keeps, what is counted."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import review
from app.filters import counted_condition
from app.models import AuditLog, Event
from app.review import EventValues, NewEvent, QueueQuery, TroopLevelValues
from app.schemas import ExtractedEvent
from app.store import event_row, sync_actors
from tests.factories import make_article, make_event, make_troop_level, make_user


def machine_event(session: Session, **overrides: object) -> Event:
    """An event stored the way ingestion stores it (with its machine output)."""
    article = make_article(session)
    item = ExtractedEvent.model_validate(
        {
            "type": "attack",
            "actor": "Asa'ib Ahl al-Haq",
            "date": "2020-01-04",
            "date_precision": "day",
            "evidence": article.text[:10],
            "start": 0,
            "end": 10,
            "confidence": 0.4,
            **overrides,
        }
    )
    event = event_row(item)
    event.article = article
    session.add(event)
    session.flush()
    return event


def log_of(session: Session, event: Event) -> list[AuditLog]:
    return list(
        session.scalars(
            select(AuditLog)
            .where(AuditLog.entity == "event", AuditLog.entity_id == event.id)
            .order_by(AuditLog.id)
        )
    )


def test_correction_changes_the_row_keeps_machine_output_and_logs_before_after(
    session: Session,
) -> None:
    sync_actors(session=session)  # the actors tables, as at start-up
    editor = make_user(session)
    event = machine_event(session)
    values = EventValues(
        type="attack", actor="KH", date=dt.date(2020, 2, 9), date_precision="day", killed=1
    )
    review.correct(session, item=event, user=editor, values=values, reason="KH claimed it")

    assert event.actor == "Kata'ib Hezbollah"  # an alias becomes the canonical name
    assert event.review_state == "corrected"
    assert event.month == dt.date(2020, 2, 1)
    assert event.machine_output is not None
    assert event.machine_output["actor"] == "Asa'ib Ahl al-Haq"
    [entry] = log_of(session, event)
    assert entry.user_id == editor.id and entry.action == "correct"
    assert entry.reason == "KH claimed it" and entry.article_id == event.article_id
    assert entry.before is not None and entry.after is not None
    assert (
        entry.before["actor"] == "Asa'ib Ahl al-Haq" and entry.after["actor"] == "Kata'ib Hezbollah"
    )
    assert entry.before["date"] == "2020-01-04" and entry.after["date"] == "2020-02-09"
    assert entry.before["review_state"] == "unreviewed"
    assert entry.after["review_state"] == "corrected"


def test_a_correction_that_changes_nothing_is_an_acceptance(session: Session) -> None:
    editor = make_user(session)
    event = machine_event(session)
    same = EventValues(
        type="attack", actor="Asa'ib Ahl al-Haq", date=dt.date(2020, 1, 4), date_precision="day"
    )
    review.correct(session, item=event, user=editor, values=same)
    assert event.review_state == "accepted"
    assert [e.action for e in log_of(session, event)] == ["accept"]


def test_rejected_items_stop_counting_and_reviewed_only_counts_reviewed(session: Session) -> None:
    editor = make_user(session)
    article = make_article(session)
    events = [make_event(session, article, location="Qwerty-base") for _ in range(3)]
    review.accept(session, item=events[0], user=editor)
    review.reject(session, item=events[1], user=editor, reason="not an attack")

    def count(reviewed_only: bool) -> int | None:
        return session.scalar(
            select(func.count()).where(
                counted_condition(Event, reviewed_only=reviewed_only),
                Event.location == "Qwerty-base",
            )
        )

    assert count(False) == 2
    assert count(True) == 1
    assert events[1].review_reason == "not an attack"


def test_troop_level_correction_is_logged(session: Session) -> None:
    editor = make_user(session)
    level = make_troop_level(session, make_article(session), count=5000)
    values = TroopLevelValues(location="Iraq", count=2500, qualifier="about")
    review.correct(session, item=level, user=editor, values=values)
    entry = session.scalars(select(AuditLog).where(AuditLog.entity == "troop_level")).one()
    assert (entry.before or {})["count"] == 5000 and (entry.after or {})["count"] == 2500
    assert level.review_state == "corrected"


def test_an_added_event_must_quote_the_stored_text(session: Session) -> None:
    editor = make_user(session)
    article = make_article(session, text="Intro. Militias vowed to expel US forces. End.")
    start = article.text.index("Militias")
    end = article.text.index(" End.")
    good = NewEvent(type="threat", start=start, end=end, evidence=article.text[start:end])
    entry = review.add_event(session, article=article, user=editor, new=good)
    event = session.get_one(Event, entry.entity_id)
    assert (event.origin, event.review_state, event.machine_output) == ("human", "accepted", None)
    assert event.evidence == "Militias vowed to expel US forces."
    assert entry.action == "add" and entry.before is None

    shifted = NewEvent(type="threat", start=start + 1, end=end, evidence=article.text[start:end])
    with pytest.raises(review.ReviewError):
        review.add_event(session, article=article, user=editor, new=shifted)
    outside = NewEvent(type="threat", start=start, end=10_000, evidence="x")
    with pytest.raises(review.ReviewError):
        review.add_event(session, article=article, user=editor, new=outside)


def test_queue_lists_unreviewed_items_lowest_confidence_first(session: Session) -> None:
    editor = make_user(session)
    article = make_article(session)
    sure = make_event(session, article, confidence=0.95)
    unsure = make_event(session, article, confidence=0.05)
    done = make_event(session, article, confidence=0.01)
    level = make_troop_level(session, article)
    copy = make_article(session, duplicate_of_id=article.id)
    duplicate = make_event(session, copy, confidence=0.0)
    review.accept(session, item=done, user=editor)

    queue = review.review_queue(session=session, query=QueueQuery(per_page=500))
    order = [(row.kind, row.id) for row in queue.page.rows]
    assert ("event", done.id) not in order and ("event", duplicate.id) not in order
    assert order.index(("event", unsure.id)) < order.index(("event", sure.id))
    assert order.index(("event", sure.id)) < order.index(("troop_level", level.id))
    confidences = [row.confidence for row in queue.page.rows if row.confidence is not None]
    assert confidences == sorted(confidences)

"""The data model round-trips what extraction produces, and deletes cascade."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models import Article, Event, TroopLevel
from tests.dbutil import sqlite_only
from tests.factories import make_article, make_event, make_troop_level


def test_article_round_trips_with_events_and_troop_levels(session: Session) -> None:
    article = make_article(session, title="Rockets hit Ain al-Asad", outlet="Wire")
    make_event(session, article, type="attack", location="Ain al-Asad", killed=0, injured=2)
    make_troop_level(session, article, count=2500, qualifier="about", location="Iraq")
    session.commit()
    article_id = article.id
    session.expunge_all()

    loaded = session.get(Article, article_id)
    assert loaded is not None
    assert loaded.title == "Rockets hit Ain al-Asad"
    assert [(e.type, e.location, e.injured, e.month) for e in loaded.events] == [
        ("attack", "Ain al-Asad", 2, dt.date(2020, 1, 1))
    ]
    assert [(t.count, t.qualifier, t.location) for t in loaded.troop_levels] == [
        (2500, "about", "Iraq")
    ]


def test_deleting_an_article_in_sql_cascades_to_its_events(session: Session) -> None:
    article = make_article(session)
    make_event(session, article)
    make_troop_level(session, article)
    session.commit()
    # A plain SQL delete: the database itself (foreign_keys=ON) removes the children.
    session.execute(delete(Article).where(Article.id == article.id))
    session.commit()
    assert session.scalar(select(func.count()).select_from(Event)) == 0
    assert session.scalar(select(func.count()).select_from(TroopLevel)) == 0


def test_deleting_an_article_through_the_orm_removes_its_events(session: Session) -> None:
    article = make_article(session)
    make_event(session, article)
    session.commit()
    session.delete(article)
    session.commit()
    assert session.scalar(select(func.count()).select_from(Event)) == 0


def test_same_content_hash_is_refused(session: Session) -> None:
    make_article(session, content_hash="a" * 64)
    with pytest.raises(IntegrityError):
        make_article(session, content_hash="a" * 64)


def test_unknown_event_type_is_refused_by_the_database(session: Session) -> None:
    article = make_article(session)
    with pytest.raises(IntegrityError):
        make_event(session, article, type="parade")


@sqlite_only
def test_sqlite_connection_uses_wal_and_foreign_keys(session: Session) -> None:
    assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert session.execute(text("PRAGMA busy_timeout")).scalar() == 15000

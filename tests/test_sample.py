"""The bundled sample corpus: labelled reports, loaded once through the real pipeline and
store, removable, and loaded at start-up only into an empty database."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.cli import sample
from app.models import Article, Event, TroopLevel
from app.sample import count_sample
from tests.factories import make_article


def count(session: Session, model: type[Article] | type[Event] | type[TroopLevel]) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_sample_reports_are_labelled_dated_and_short() -> None:
    reports = sample.sample_reports()
    assert 35 <= len(reports) <= 50
    assert len({r.name for r in reports}) == len(reports)
    for report in reports:
        text = report.data.decode("utf-8")
        assert text.rstrip().endswith("not a news article."), report.name
        assert "Sample report written for the militia–US tensions tracker" in text
        assert dt.date(2017, 1, 1) <= report.published <= dt.date(2025, 12, 31)
        assert len(text.split()) < 300, report.name


def test_loading_stores_each_report_once_and_remove_takes_them_out(session: Session) -> None:
    mine = make_article(session, outlet="A researcher's own upload")
    first = sample.load_sample(session=session)
    assert (first.stored, first.failed) == (len(sample.sample_reports()), [])
    assert count_sample(session=session) == first.stored
    assert count(session, TroopLevel) > 0 and count(session, Event) > 0
    published = session.scalar(select(func.min(Article.published)).where(Article.id != mine.id))
    assert published == dt.date(2017, 12, 12)

    again = sample.load_sample(session=session)
    assert (again.stored, again.already) == (0, first.stored)

    assert sample.remove_sample(session=session) == first.stored
    assert count(session, Article) == 1 and session.get(Article, mine.id) is not None
    assert count(session, TroopLevel) == 0


def test_start_up_loads_the_sample_only_into_an_empty_database(session: Session) -> None:
    make_article(session)
    assert sample.load_sample_if_empty(session=session) is None
    assert count_sample(session=session) == 0

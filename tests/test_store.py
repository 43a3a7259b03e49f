"""The store writes an article and everything extracted from it together, or nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import store
from app.ingestion import dedup
from app.models import Article, ArticleActor, ArticleBand, Event, TroopLevel
from app.pipeline import ExtractedDocument
from app.pipeline.types import CleanDoc
from app.schemas import (
    EvidenceSpan,
    ExtractedActor,
    ExtractedEvent,
    ExtractedTroopLevel,
    Extraction,
)

TEXT = (
    "Militia fires rockets at base\n\n"
    "Kata'ib Hezbollah fired rockets at a base hosting 2,500 US troops on 3 March 2020, "
    "killing two soldiers. The group later said it would keep up the pressure."
)


def extracted(text: str = TEXT, **changes: object) -> ExtractedDocument:
    """A hand-made extraction, so these tests do not depend on the extractor's rules."""
    event = ExtractedEvent(
        type="attack",
        actor="Kata'ib Hezbollah",
        target="US forces",
        date="2020-03-03",
        date_precision="day",
        location="Taji",
        killed=2,
        evidence=text[31:150],
        start=31,
        end=150,
        confidence=0.8,
        extra_evidence=[EvidenceSpan(evidence="The group later said", start=151, end=171)],
    )
    result = Extraction(
        title="Militia fires rockets at base",
        published="2020-03-04",
        published_source="text",
        actors=[ExtractedActor(name="Kata'ib Hezbollah", kind="militia", mentions=1, start=31)],
        troop_levels=[
            ExtractedTroopLevel(
                location="Iraq", count=2500, as_of="2020-03-03", evidence="x", start=31, end=150
            )
        ],
        events=[event],
    ).model_copy(update=changes)
    return ExtractedDocument(doc=CleanDoc(text=text, title=result.title), result=result)


def rows(session: Session, model: type, article_id: int) -> int:
    where = model.article_id == article_id  # type: ignore[attr-defined]
    return int(session.scalar(select(func.count()).select_from(model).where(where)) or 0)


def test_insert_article_stores_the_article_with_all_it_holds(session: Session) -> None:
    sig = dedup.signature(TEXT)
    assert sig is not None
    article_id = store.insert_article(
        session=session,
        extracted=extracted(),
        minhash=sig,
        band_keys=dedup.band_keys(sig),
        outlet="Test Wire",
        url="https://example.org/a",
        original_name="a.txt",
        media_type="text/plain",
    )
    article = session.get(Article, article_id)
    assert article is not None
    assert (article.title, article.outlet, article.url) == (
        "Militia fires rockets at base",
        "Test Wire",
        "https://example.org/a",
    )
    assert (article.published, article.published_source) == (dt.date(2020, 3, 4), "text")
    assert article.content_hash == store.content_hash(TEXT)
    assert article.minhash == sig and article.status == "extracted"
    event = session.scalars(select(Event).where(Event.article_id == article_id)).one()
    assert (event.type, event.actor, event.killed) == ("attack", "Kata'ib Hezbollah", 2)
    assert event.month == dt.date(2020, 3, 1)
    assert (event.origin, event.review_state) == ("machine", "unreviewed")
    assert event.machine_output is not None and event.machine_output["location"] == "Taji"
    assert event.extra_evidence == [{"evidence": "The group later said", "start": 151, "end": 171}]
    assert TEXT[event.evidence_start : event.evidence_end] == event.evidence
    assert rows(session, TroopLevel, article_id) == 1
    assert rows(session, ArticleActor, article_id) == 1
    assert rows(session, ArticleBand, article_id) == dedup.BANDS


def test_a_given_title_wins_over_the_one_found(session: Session) -> None:
    article_id = store.insert_article(session=session, extracted=extracted(), title="Own title")
    article = session.get(Article, article_id)
    assert article is not None and article.title == "Own title"


def test_an_unknown_article_field_is_a_programming_error(session: Session) -> None:
    with pytest.raises(TypeError, match="colour"):
        store.insert_article(session=session, extracted=extracted(), colour="red")


def test_a_failing_child_row_leaves_none_of_the_article_in_its_savepoint(
    session: Session,
) -> None:
    kept = store.insert_article(session=session, extracted=extracted("A first article."))
    bad_event = extracted().result.events[0].model_copy(update={"type": "not-a-type"})
    broken = extracted("A second article.", events=[bad_event])
    articles_before = int(session.scalar(select(func.count(Article.id))) or 0)
    with pytest.raises(IntegrityError), session.begin_nested():
        store.insert_article(session=session, extracted=broken)
    assert int(session.scalar(select(func.count(Article.id))) or 0) == articles_before
    assert session.get(Article, kept) is not None
    assert session.scalar(select(Article.id).where(Article.text == "A second article.")) is None


def test_save_extraction_returns_the_object_with_its_children_and_bands(session: Session) -> None:
    sig = dedup.signature(TEXT)
    assert sig is not None
    article = store.save_extraction(
        session=session, extracted=extracted(), minhash=sig, band_keys=dedup.band_keys(sig)
    )
    assert article.id is not None
    assert [e.type for e in article.events] == ["attack"]
    assert [t.count for t in article.troop_levels] == [2500]
    assert rows(session, ArticleBand, article.id) == dedup.BANDS
